// The built-in sandbox as the extension runs it: the child process host with its definitions setting,
// its output in the Velt log, and what the user is told (a crash, definition problems) with "Show Log".
import * as vscode from 'vscode';
import { logger, showLog } from '../log';
import { inertMessage } from '../util/inertText';
import type { FileProblem } from '../sandbox/engine/loadDefinitions';
import { problemLines, problemSummary } from './definitionProblems';
import { SandboxDefinitions } from './definitionsSetting';
import { SandboxHost } from './sandboxHost';

const log = logger('sandbox');
const SHOW_LOG = 'Show Log';

async function warnWithLog(message: string): Promise<void> {
  if ((await vscode.window.showWarningMessage(inertMessage(message, 1_000), SHOW_LOG)) === SHOW_LOG) showLog();
}

function reportProblems(problems: readonly FileProblem[]): void {
  if (problems.length === 0) return;
  for (const line of problemLines(problems, (file) => vscode.workspace.asRelativePath(file)))
    log.warn(`Definition problem: ${line}`);
  void warnWithLog(problemSummary(problems));
}

/** The host (stopped by dispose, which deactivate awaits) and the disposables it needs. */
export function createBuiltInSandbox(context: vscode.ExtensionContext): {
  host: SandboxHost;
  disposable: vscode.Disposable;
} {
  const definitions = new SandboxDefinitions();
  const host = new SandboxHost({
    script: context.asAbsolutePath('dist/sandbox.js'),
    traffic: context.extensionMode !== vscode.ExtensionMode.Test,
    definitionFiles: () => definitions.files(),
    log,
    onCrash: (message) => void warnWithLog(message),
    onDefinitionProblems: reportProblems,
  });
  const reloads = definitions.onDidChange(() => {
    host.reload().catch((error: unknown) => log.error('Restarting the sandbox with the new definitions failed', error));
  });
  return {
    host,
    disposable: vscode.Disposable.from(reloads, definitions, { dispose: () => void host.dispose() }),
  };
}
