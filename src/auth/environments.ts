// The environments a user can switch between: the configured ones plus the built-in sandbox. Owns the
// `velt.signedIn` context key and answers "which base URL and credentials does the next request use".
import * as vscode from 'vscode';
import type { Credentials } from '../api';
import type { Config } from '../config';
import { ContextKeys, SANDBOX_ENVIRONMENT, Settings } from '../ids';
import { logger } from '../log';
import type { CredentialStore } from './credentials';
import { SANDBOX_CREDENTIALS, type SandboxHost } from './sandboxHost';

export interface Environment {
  name: string;
  /** The configured base URL; for the sandbox, known only once it runs. */
  baseUrl: string | undefined;
  isSandbox: boolean;
}

const log = logger('environments');

export class Environments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active environment or its sign-in state changes. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private signedIn = false;

  constructor(
    private readonly config: Config,
    private readonly credentials: CredentialStore,
    private readonly sandbox: SandboxHost,
  ) {
    this.subscriptions.push(
      this.changed,
      config.onDidChange((affects) => {
        if (affects(Settings.environments) || affects(Settings.activeEnvironment)) void this.refreshSignedIn(true);
      }),
      credentials.onDidChange((name) => {
        if (name === this.active.name) void this.refreshSignedIn(true);
      }),
    );
  }

  list(): Environment[] {
    return [
      ...this.config.environments.map((e) => ({ name: e.name, baseUrl: e.baseUrl, isSandbox: false })),
      { name: SANDBOX_ENVIRONMENT, baseUrl: this.sandbox.current?.url, isSandbox: true },
    ];
  }

  get active(): Environment {
    const wanted = this.config.activeEnvironment;
    const all = this.list();
    return all.find((e) => e.name === wanted) ?? all[0]!;
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  async select(name: string): Promise<void> {
    if (!this.list().some((e) => e.name === name)) throw new Error(`There is no environment named "${name}".`);
    await this.config.setActiveEnvironment(name);
    await this.refreshSignedIn(true);
  }

  /** Base URL for the next request; starts the sandbox when it is the active environment. */
  async baseUrl(): Promise<string> {
    const env = this.active;
    if (env.isSandbox) return (await this.sandbox.ensure()).url;
    return env.baseUrl!;
  }

  async activeCredentials(): Promise<Credentials | undefined> {
    const env = this.active;
    return env.isSandbox ? SANDBOX_CREDENTIALS : this.credentials.get(env.name);
  }

  async refreshSignedIn(fire = false): Promise<void> {
    const env = this.active;
    this.signedIn = env.isSandbox || (await this.credentials.get(env.name)) !== undefined;
    await vscode.commands.executeCommand('setContext', ContextKeys.signedIn, this.signedIn);
    await vscode.commands.executeCommand('setContext', ContextKeys.isSandbox, env.isSandbox);
    log.debug(`Active environment "${env.name}", signed in: ${this.signedIn}`);
    if (fire) this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
