// The environments a user can switch between: the configured ones plus the built-in sandbox. Owns the
// `velt.signedIn` context key and answers "which base URL and credentials does the next request use", as one
// snapshot (target()), so no switch between two reads can pair one environment's secrets with another's host.
import * as vscode from 'vscode';
import { originMismatch, type ApiError, type BoundCredentials, type RequestTarget } from '../api';
import type { Config } from '../config';
import { ContextKeys, SANDBOX_ENVIRONMENT, Settings } from '../ids';
import { logger, runInBackground } from '../log';
import { LatestRun } from '../util/latestRun';
import type { CredentialStore } from './credentials';
import { SANDBOX_CREDENTIALS, type SandboxHost } from '../sandboxHost/sandboxHost';
import { resolveTarget, type TargetEnvironment } from './target';
import { Disposable } from '../util/lifecycle';

export type Environment = TargetEnvironment;

const log = logger('environments');

export class Environments extends Disposable implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active environment or its sign-in state changes. */
  readonly onDidChange = this.changed.event;
  private signedIn = false;
  private problem: ApiError | undefined;
  private readonly refreshes = new LatestRun();

  constructor(
    private readonly config: Config,
    private readonly credentials: CredentialStore,
    private readonly sandbox: SandboxHost,
  ) {
    super();
    this.registerAll(
      this.changed,
      config.onDidChange((affects) => {
        if (affects(Settings.environments) || affects(Settings.activeEnvironment))
          runInBackground(log, 'Reading the sign-in state', this.refreshSignedIn(true));
      }),
      credentials.onDidChange((name) => {
        if (name === this.active.name) runInBackground(log, 'Reading the sign-in state', this.refreshSignedIn(true));
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

  /** The latest answer; false until the first read completes (await whenSettled() when that matters). */
  get isSignedIn(): boolean {
    return this.signedIn;
  }

  async select(name: string): Promise<void> {
    if (!this.list().some((e) => e.name === name)) throw new Error(`There is no environment named "${name}".`);
    await this.config.setActiveEnvironment(name);
    await this.refreshSignedIn(true);
  }

  /** The stored credentials are for another host than the active environment's: what to tell the user. */
  get credentialsProblem(): ApiError | undefined {
    return this.problem;
  }

  /** Base URL for the next request; starts the sandbox when it is the active environment. */
  async baseUrl(): Promise<string> {
    const env = this.active;
    if (env.isSandbox) return (await this.sandbox.ensure()).url;
    return env.baseUrl!;
  }

  /** Where the next request goes and the credentials bound to it, from ONE read of the active environment. */
  target(expected?: string): Promise<RequestTarget> {
    return resolveTarget(
      {
        active: () => this.active,
        credentials: (name) => this.storedCredentials(name),
        sandbox: async () => ({ url: (await this.sandbox.ensure()).url, credentials: SANDBOX_CREDENTIALS }),
      },
      expected,
    );
  }

  /**
   * Reads the active environment's sign-in state (stored credentials, origin check) and publishes it as
   * context keys. Activation starts the first read without waiting for it (a keychain read can take
   * 100 ms or more); what needs the answer awaits whenSettled(). Overlapping refreshes: the latest wins.
   */
  refreshSignedIn(fire = false): Promise<void> {
    const env = this.active;
    return this.refreshes.run(
      () => (env.isSandbox ? undefined : this.storedCredentials(env.name)),
      async (stored) => {
        this.problem = stored && env.baseUrl !== undefined ? mismatchOf(stored, env.baseUrl) : undefined;
        this.signedIn = env.isSandbox || (stored !== undefined && this.problem === undefined);
        await Promise.all([
          vscode.commands.executeCommand('setContext', ContextKeys.signedIn, this.signedIn),
          vscode.commands.executeCommand('setContext', ContextKeys.isSandbox, env.isSandbox),
        ]);
        log.debug(
          `Active environment "${env.name}", signed in: ${this.signedIn}${this.problem ? ' (credentials are for another host)' : ''}`,
        );
        if (fire) this.changed.fire();
      },
    );
  }

  /** Resolves once the sign-in state reflects the latest refresh started (at first, the one activation starts). */
  whenSettled(): Promise<void> {
    return this.refreshes.settled();
  }

  /** A keychain that fails to answer counts as no credentials (logged without details). */
  private async storedCredentials(name: string): Promise<BoundCredentials | undefined> {
    try {
      return await this.credentials.get(name);
    } catch (error) {
      log.warn(`Reading the stored credentials of "${name}" failed: ${error instanceof Error ? error.name : 'error'}`);
      return undefined;
    }
  }
}

/** The origin mismatch, if any; a base URL that is not valid is reported by the request itself. */
function mismatchOf(stored: BoundCredentials, baseUrl: string): ApiError | undefined {
  try {
    return originMismatch(stored.origin, baseUrl);
  } catch {
    return undefined;
  }
}
