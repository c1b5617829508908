// Owns the built-in sandbox's child process: started on first use, restarted by the next use after a crash
// or when its definitions change, stopped with the extension. vscode-free (what to show the user is passed
// in), so it is unit-tested against the real sandbox entry.
import * as fs from 'node:fs';
import type { Credentials } from '../api';
import type { FileProblem } from '../sandbox/engine/loadDefinitions';
import type { Logger } from '../log';
import { describeExit, startChildSandbox, type ChildExit, type ChildSandbox } from './childSandbox';

export const SANDBOX_CREDENTIALS: Credentials = { apiKey: 'sandbox', authToken: 'sandbox' };

export type RunningSandbox = ChildSandbox;

export interface SandboxHostOptions {
  /** The sandbox entry: dist/sandbox.js next to the extension's bundle. */
  script: string;
  /** Node flags for the child (tests load the .ts entry through tsx). */
  execArgv?: readonly string[];
  /** New runs and simulated reviewers, so the demo always has something moving; off in tests (deterministic data). */
  traffic: boolean;
  /** The definition files to load, read at every start. */
  definitionFiles(): Promise<readonly string[]>;
  log: Logger;
  /** The child exited without being asked to; `message` says what happened and what to do. */
  onCrash(message: string): void;
  /** A start found problems in the definition files (called with none when a start found none). */
  onDefinitionProblems(problems: readonly FileProblem[]): void;
}

export class SandboxHost {
  private starting: Promise<RunningSandbox> | undefined;
  private running: RunningSandbox | undefined;
  private disposing: Promise<void> | undefined;

  private readonly restartListeners = new Set<() => void>();
  private startedOnce = false;

  constructor(private readonly options: SandboxHostOptions) {}

  /** Called after every start but the first: a new process re-runs the seeded executions under the same ids. */
  onDidRestart(listener: () => void): { dispose(): void } {
    this.restartListeners.add(listener);
    return { dispose: () => this.restartListeners.delete(listener) };
  }

  /** The running sandbox, started on first call (and again after it stopped). */
  async ensure(): Promise<RunningSandbox> {
    if (this.disposing) throw new Error('The extension is shutting down; the sandbox is not started again.');
    if (this.running && !this.running.closed) return this.running;
    this.running = undefined;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** The running sandbox, if any (never starts one). */
  get current(): RunningSandbox | undefined {
    return this.running?.closed ? undefined : this.running;
  }

  /** Definitions changed: a running sandbox is restarted so it loads them; one not running loads them when it starts. */
  async reload(): Promise<void> {
    const previous = this.current ?? (await this.starting?.catch(() => undefined));
    if (!previous || this.disposing) return;
    this.options.log.info('Sandbox definitions changed; restarting the sandbox to load them.');
    if (this.running === previous) this.running = undefined;
    await previous.stop();
    await this.ensure();
  }

  /** Stops the child and waits for it to exit; later calls return the same promise. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      const sandbox = this.running ?? (await this.starting?.catch(() => undefined));
      this.running = undefined;
      await sandbox?.stop();
    })();
    return this.disposing;
  }

  private async start(): Promise<RunningSandbox> {
    const { log } = this.options;
    if (!fs.existsSync(this.options.script)) {
      throw new Error(
        `The sandbox bundle (${this.options.script}) is missing. Reinstall the Velt Workflow Inspector extension.`,
      );
    }
    const files = await this.options.definitionFiles();
    const args = [
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--api-key',
      SANDBOX_CREDENTIALS.apiKey,
      '--auth-token',
      SANDBOX_CREDENTIALS.authToken,
      ...(this.options.traffic ? [] : ['--no-traffic']),
      ...files.flatMap((file) => ['--definition-file', file]),
    ];
    let sandbox: RunningSandbox;
    try {
      sandbox = await startChildSandbox({
        script: this.options.script,
        args,
        ...(this.options.execArgv ? { execArgv: this.options.execArgv } : {}),
        onOutput: (stream, line) => (stream === 'stdout' ? log.trace(line) : log.warn(line)),
        onExit: (exit) => this.exited(sandbox, exit),
      });
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, '.');
      throw new Error(
        `The built-in sandbox could not start: ${reason} See the Velt log (Velt: Show Log) for its output, then try again.`,
      );
    }
    if (this.disposing) {
      await sandbox.stop();
      throw new Error('The extension is shutting down; the sandbox is not started again.');
    }
    this.running = sandbox;
    log.info(
      `Sandbox API listening on ${sandbox.url} (process ${sandbox.pid}, ${files.length} definition file(s) from velt.sandbox.definitions)`,
    );
    this.options.onDefinitionProblems(sandbox.definitionProblems);
    if (this.startedOnce) for (const listener of this.restartListeners) listener();
    this.startedOnce = true;
    return sandbox;
  }

  private exited(sandbox: RunningSandbox, exit: ChildExit): void {
    if (this.running === sandbox) this.running = undefined;
    if (exit.expected) {
      this.options.log.info(`Sandbox process ${sandbox.pid} stopped.`);
      return;
    }
    const message = `The built-in sandbox stopped unexpectedly (${describeExit(exit)}). It starts again with the next request; its last output is in the Velt log.`;
    this.options.log.error(message);
    this.options.onCrash(message);
  }
}
