// Status and node-type icons. Completed/pending steps show their node type in the status colour;
// live, waiting and failing states show the state itself so they stand out.
import * as vscode from 'vscode';

const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);
const NODE_ICONS: Record<string, string> = { agent: 'hubot', human: 'person', notification: 'bell', webhook: 'globe' };

export function nodeTypeIcon(nodeType: string): string {
  return NODE_ICONS[nodeType] ?? 'symbol-misc';
}

/** The icon for a run status as util/format's runStatus gives it ("waiting": a human step waits). */
export function executionIcon(status: string): vscode.ThemeIcon {
  switch (status) {
    case 'pending':
      return new vscode.ThemeIcon('clock', color('disabledForeground'));
    case 'running':
      return new vscode.ThemeIcon('sync~spin', color('charts.blue'));
    case 'waiting':
      return new vscode.ThemeIcon('bell-dot', color('charts.yellow'));
    case 'completed':
      return new vscode.ThemeIcon('pass-filled', color('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', color('testing.iconFailed'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash', color('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question', color('charts.purple'));
  }
}

export function stepIcon(status: string, nodeType: string): vscode.ThemeIcon {
  switch (status) {
    case 'completed':
      return new vscode.ThemeIcon(nodeTypeIcon(nodeType), color('testing.iconPassed'));
    case 'pending':
      return new vscode.ThemeIcon(nodeTypeIcon(nodeType), color('disabledForeground'));
    case 'running':
      return new vscode.ThemeIcon('sync~spin', color('charts.blue'));
    case 'waiting':
      return nodeType === 'human'
        ? new vscode.ThemeIcon('person', color('charts.yellow'))
        : new vscode.ThemeIcon('watch', color('charts.yellow'));
    case 'failed':
      return new vscode.ThemeIcon('error', color('testing.iconFailed'));
    case 'breached':
      return new vscode.ThemeIcon('flame', color('charts.orange'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash', color('disabledForeground'));
    case 'skipped':
      return new vscode.ThemeIcon('debug-step-over', color('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question', color('charts.purple'));
  }
}

export function groupIcon(met: boolean): vscode.ThemeIcon {
  return new vscode.ThemeIcon('organization', color(met ? 'testing.iconPassed' : 'foreground'));
}

export function errorIcon(kind: string): vscode.ThemeIcon {
  switch (kind) {
    case 'rateLimited':
      return new vscode.ThemeIcon('watch', color('charts.yellow'));
    case 'network':
    case 'timeout':
    case 'unavailable':
    case 'deadlineExceeded':
      return new vscode.ThemeIcon('cloud-offline', color('charts.yellow'));
    case 'unauthenticated':
    case 'missingCredentials':
    case 'credentialsOriginMismatch':
      return new vscode.ThemeIcon('key', color('testing.iconFailed'));
    default:
      return new vscode.ThemeIcon('warning', color('testing.iconFailed'));
  }
}
