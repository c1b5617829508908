// "Waiting for Approval": one row per human step that waits, the most urgent first, with the reviewers
// still to decide (mandatory first), how long it has waited and its SLA countdown. The data comes from
// WaitingApprovals (pins + the first page of running executions, polled by the shared scheduler); this
// only renders it, re-rendering each second while on screen so the times tick.
import * as vscode from 'vscode';
import type { Environments } from '../auth/environments';
import type { WaitingApprovals } from '../state/waitingApprovals';
import { reviewersLabel, slaState, type WaitingApproval } from '../state/waitingSteps';
import { Commands } from '../ids';
import { formatAbsolute, formatDuration, formatRelative } from '../util/format';
import { inertLabel, inertMarkdown } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import { credentialsNotice, noticeItem, type TreeNode } from './nodes';

export type WaitingNode =
  { kind: 'approval'; executionId: string; stepId: string } | Extract<TreeNode, { kind: 'notice' }>;

const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);

export class WaitingTree extends Disposable implements vscode.TreeDataProvider<WaitingNode> {
  private readonly changed = new vscode.EventEmitter<WaitingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly waiting: WaitingApprovals,
    private readonly environments: Environments,
  ) {
    super();
    this.registerAll(
      this.changed,
      waiting.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  /** Ticks the times once a second while the view is on screen; nothing ticks while it is hidden. */
  setVisible(visible: boolean): void {
    if (visible && !this.ticker) this.ticker = setInterval(() => this.changed.fire(undefined), 1_000);
    if (!visible && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  getTreeItem(node: WaitingNode): vscode.TreeItem {
    if (node.kind === 'notice') return noticeItem(node);
    const approval = this.waiting.approvals.find((a) => a.executionId === node.executionId && a.stepId === node.stepId);
    return approval ? approvalItem(approval, Date.now()) : new vscode.TreeItem(inertLabel(node.stepId));
  }

  getChildren(node?: WaitingNode): WaitingNode[] {
    if (node) return [];
    if (!this.environments.isSignedIn) {
      const problem = this.environments.credentialsProblem;
      return problem ? [credentialsNotice('waiting', problem.message)] : [];
    }
    const nodes: WaitingNode[] = this.waiting.approvals.map((a) => ({
      kind: 'approval',
      executionId: a.executionId,
      stepId: a.stepId,
    }));
    const problem = this.waiting.listProblem;
    if (problem)
      nodes.push({
        kind: 'notice',
        id: 'waiting:listError',
        label: `Running executions could not be listed: ${problem}`,
        icon: 'warning',
        tooltip: `${problem} Pinned executions are still shown. Click to try again.`,
        command: { command: Commands.refreshWaiting, title: 'Retry' },
      });
    else if (nodes.length === 0)
      nodes.push(
        this.waiting.loaded
          ? { kind: 'notice', id: 'waiting:none', label: 'Nothing is waiting for approval', icon: 'pass' }
          : { kind: 'notice', id: 'waiting:loading', label: 'Looking for waiting steps…', icon: 'loading~spin' },
      );
    return nodes;
  }

  override dispose(): void {
    this.setVisible(false);
    super.dispose();
  }
}

export function approvalItem(approval: WaitingApproval, now: number): vscode.TreeItem {
  const step = approval.nodeName ?? approval.nodeId;
  const item = new vscode.TreeItem(
    `${inertLabel(approval.definitionId)} › ${inertLabel(step)}`,
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `waiting:${approval.executionId}:${approval.stepId}`;
  const sla = slaState(approval.deadline, now);
  const parts = [
    approval.waitingSince !== null ? `waiting ${formatDuration(now - approval.waitingSince)}` : 'waiting',
    sla?.label ?? '',
    inertLabel(reviewersLabel(approval)),
  ];
  item.description = parts.filter(Boolean).join(' · ');
  item.iconPath = sla?.overdue
    ? new vscode.ThemeIcon('flame', color('charts.orange'))
    : new vscode.ThemeIcon('person', color('charts.yellow'));
  // <approvable>: the operator actions' inline Approve… / Reject… (shown while actions are enabled).
  item.contextValue = '<approval> <approvable> <copyId> <copyStepId> <openable>';
  item.command = {
    command: Commands.openExecution,
    title: 'Open Step',
    arguments: [{ executionId: approval.executionId, stepId: approval.stepId }],
  };
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`$(person) **${inertMarkdown(step)}** — waiting for approval\n\n`);
  md.appendMarkdown(`Definition: ${inertMarkdown(approval.definitionId)}  \n`);
  md.appendMarkdown(`Execution: ${inertMarkdown(approval.executionId)}  \n`);
  md.appendMarkdown(`Step: ${inertMarkdown(approval.stepId)}  \n`);
  if (approval.waitingSince !== null)
    md.appendMarkdown(
      `Waiting since: ${inertMarkdown(`${formatRelative(approval.waitingSince, now)} — ${formatAbsolute(approval.waitingSince)}`)}  \n`,
    );
  if (sla && approval.deadline !== null)
    md.appendMarkdown(`${sla.label} (breach at ${inertMarkdown(formatAbsolute(approval.deadline))})  \n`);
  else md.appendMarkdown('No SLA on this node  \n');
  if (!approval.reviewersKnown) md.appendMarkdown('Reviewers: not named by the definition or the step  \n');
  for (const r of approval.outstanding)
    md.appendMarkdown(`Outstanding: ${inertMarkdown(r.userId)}${r.mandatory ? ' (mandatory)' : ''}  \n`);
  for (const id of approval.decided) md.appendMarkdown(`Decided: ${inertMarkdown(id)}  \n`);
  item.tooltip = md;
  item.accessibilityInformation = { label: `Waiting for approval: ${item.label as string}, ${item.description}` };
  return item;
}
