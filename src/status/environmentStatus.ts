// Status bar item: the active environment and whether it is signed in; click to switch.
import * as vscode from 'vscode';
import { isTerminalStatus } from '../api';
import type { Environments } from '../auth/environments';
import type { ExecutionStore } from '../state/executionStore';
import type { PinnedExecutions } from '../state/pins';
import { Commands } from '../ids';
import { runStatus } from '../util/format';
import { inertLabel, inertMarkdown } from '../util/inertText';
import { Disposable } from '../util/lifecycle';

export class EnvironmentStatus extends Disposable implements vscode.Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('velt.environment', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(
    private readonly environments: Environments,
    private readonly pins: PinnedExecutions,
    private readonly store: ExecutionStore,
  ) {
    super();
    this.item.name = 'Velt Environment';
    this.registerAll(
      environments.onDidChange(() => this.update()),
      pins.onDidChange(() => this.update()),
      store.onDidChange(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  update(): void {
    const env = this.environments.active;
    const signedIn = this.environments.isSignedIn;
    const live = this.pins
      .list(env.name)
      .map((id) => this.store.peek(id))
      .filter((e) => e && !isTerminalStatus(e.status));
    const waiting = live.filter((e) => runStatus(e!) === 'waiting').length;
    const running = live.length - waiting;
    const counts = [running ? `$(sync~spin) ${running}` : '', waiting ? `$(bell-dot) ${waiting}` : '']
      .filter(Boolean)
      .join(' ');
    this.item.text = `$(${env.isSandbox ? 'beaker' : 'cloud'}) Velt: ${inertLabel(env.name, 40)}${signedIn ? '' : ' $(warning)'}${counts ? ' ' + counts : ''}`;
    const problem = this.environments.credentialsProblem;
    this.item.command =
      live.length > 0 ? Commands.showRunning : problem ? Commands.setCredentials : Commands.selectEnvironment;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Velt environment:** ${inertMarkdown(env.name)}\n\n`);
    tooltip.appendMarkdown(
      env.isSandbox ? 'Local simulator, no account needed.\n\n' : `${inertMarkdown(env.baseUrl ?? '')}\n\n`,
    );
    tooltip.appendMarkdown(
      signedIn
        ? 'Signed in.'
        : problem
          ? `$(key) ${inertMarkdown(problem.message)}`
          : 'Not signed in: run "Velt: Set Credentials".',
    );
    if (live.length > 0)
      tooltip.appendMarkdown(`\n\nPinned: ${running} running, ${waiting} waiting for approval. Click to open one.`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = signedIn ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
  }
}
