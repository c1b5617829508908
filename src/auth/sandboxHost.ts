// Runs the API simulator inside the extension host, on a free loopback port, started on first use.
// Its code (dist/sandbox.js, a bundle of its own) is loaded then too, not at activation.
import * as path from 'node:path';
import type { Sandbox, SandboxOptions } from '../sandbox/server';
import type { Credentials } from '../api';
import { logger } from '../log';

export const SANDBOX_CREDENTIALS: Credentials = { apiKey: 'sandbox', authToken: 'sandbox' };
const log = logger('sandbox');

export type StartSandbox = (options: SandboxOptions) => Promise<Sandbox>;

/** The sandbox's startSandbox from dist/sandbox.js, next to the extension's bundle. */
export function loadBundledSandbox(): StartSandbox {
  // A computed path: esbuild leaves it alone, so the sandbox stays out of dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  const library: unknown = require(path.join(__dirname, 'sandbox.js'));
  const start = (library as { startSandbox?: unknown } | undefined)?.startSandbox;
  if (typeof start !== 'function') {
    throw new Error(
      'The sandbox bundle (dist/sandbox.js) is missing or damaged. Reinstall the Velt Workflow Inspector extension.',
    );
  }
  return start as StartSandbox;
}

export interface SandboxHostOptions {
  /** New runs and simulated reviewers, so the demo always has something moving; off in tests (deterministic data). */
  traffic: boolean;
}

export class SandboxHost {
  private starting: Promise<Sandbox> | undefined;
  private running: Sandbox | undefined;

  /** `load` gives startSandbox: from dist/sandbox.js in the extension; tests may pass it directly. */
  constructor(
    private readonly options: SandboxHostOptions = { traffic: false },
    private readonly load: () => StartSandbox = loadBundledSandbox,
  ) {}

  /** The running sandbox, started on first call. */
  async ensure(): Promise<Sandbox> {
    if (this.running?.closed) {
      // Stopped underneath us: start a fresh one (on a new port) rather than failing every request.
      log.warn('The sandbox had stopped; starting it again.');
      this.running = undefined;
      this.starting = undefined;
    }
    if (this.running) return this.running;
    this.starting ??= Promise.resolve()
      .then(() =>
        this.load()({
          port: 0,
          apiKey: SANDBOX_CREDENTIALS.apiKey,
          authToken: SANDBOX_CREDENTIALS.authToken,
          traffic: this.options.traffic,
          log: (line) => log.trace(line),
        }),
      )
      .then(
        (sandbox) => {
          this.running = sandbox;
          log.info(`Sandbox API listening on ${sandbox.url}`);
          return sandbox;
        },
        (error: unknown) => {
          this.starting = undefined;
          throw error;
        },
      );
    return this.starting;
  }

  get current(): Sandbox | undefined {
    return this.running;
  }

  async dispose(): Promise<void> {
    const sandbox = this.running ?? (await this.starting?.catch(() => undefined));
    this.running = undefined;
    this.starting = undefined;
    await sandbox?.close();
  }
}
