// One sandbox child process: forks dist/sandbox.js with an IPC channel, waits for its "ready" message
// (URL, control token, definition problems), forwards its output lines, and stops it on request.
// vscode-free, so it is unit-tested against the real entry point.
import type * as ChildProcess from 'node:child_process';
import type * as Readline from 'node:readline';
import type { FileProblem } from '../sandbox/engine/loadDefinitions';
import type { SandboxReadyMessage, SandboxStopMessage } from '../sandbox/ipc';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it. */
  expected: boolean;
}

export interface ChildSandboxOptions {
  /** The sandbox entry, dist/sandbox.js (a .ts entry in tests, with a loader in execArgv). */
  script: string;
  args: readonly string[];
  /** Node flags for the child; default none, so an extension host's --inspect is not inherited. */
  execArgv?: readonly string[];
  /** How long the child may take to report ready (default 20 s). */
  readyTimeoutMs?: number;
  onOutput(stream: 'stdout' | 'stderr', line: string): void;
  /** Once, when the process ends after it was ready (expected or not). */
  onExit(exit: ChildExit): void;
}

export interface ChildSandbox {
  readonly url: string;
  readonly controlToken: string;
  readonly pid: number;
  readonly definitionProblems: readonly FileProblem[];
  /** True once the process has exited. */
  readonly closed: boolean;
  /** Asks the child to stop, kills it if it has not exited within `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

const MAX_LINE = 2_000;

export function startChildSandbox(options: ChildSandboxOptions): Promise<ChildSandbox> {
  // Required here, not at the top: node:child_process takes 5–20 ms to evaluate in a fresh process, paid at
  // every VS Code start if the activation bundle imported it, while most starts never run the sandbox.
  /* eslint-disable @typescript-eslint/no-require-imports -- the lazy load is the point */
  const { fork } = require('node:child_process') as typeof ChildProcess;
  const readline = require('node:readline') as typeof Readline;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const child = fork(options.script, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [...(options.execArgv ?? [])],
    // Inside VS Code, process.execPath is Electron: run it as plain Node (as vscode-languageclient does).
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  // What to quote if it dies before ready: its own "sandbox: …" line or an Error line, else its last line.
  let startError = '';
  let startErrorFound = false;
  for (const stream of ['stdout', 'stderr'] as const) {
    readline.createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line: string) => {
      const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
      if (stream === 'stderr' && text.trim() !== '' && !startErrorFound) {
        startError = text.trim();
        startErrorFound = /^(sandbox: |\w*Error\b)/.test(startError);
      }
      options.onOutput(stream, text);
    });
  }
  // 'close', not 'exit': its last output lines have been read by then.
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, expected: false }));
  });

  return new Promise<ChildSandbox>((resolve, reject) => {
    let ready = false;
    let closed = false;
    let stopping: Promise<void> | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The sandbox process did not report ready within ${options.readyTimeoutMs ?? 20_000} ms.`));
    }, options.readyTimeoutMs ?? 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The sandbox process could not be started: ${error.message}`));
    });
    void exited.then((exit) => {
      closed = true;
      clearTimeout(timer);
      if (ready) options.onExit({ ...exit, expected: stopping !== undefined });
      else
        reject(
          new Error(
            `The sandbox process exited before it was ready (${describeExit(exit)})${startError ? `: ${startError}` : ''}`,
          ),
        );
    });
    child.on('message', (message: unknown) => {
      if (ready) return;
      const parsed = readyMessage(message);
      if (!parsed) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        url: parsed.url,
        controlToken: parsed.controlToken,
        pid: child.pid ?? -1,
        definitionProblems: parsed.definitionProblems,
        get closed() {
          return closed;
        },
        stop: (graceMs = 3_000) => {
          stopping ??= (async () => {
            if (closed) return;
            if (child.connected) child.send({ type: 'stop' } satisfies SandboxStopMessage);
            else child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            await exited;
            clearTimeout(killer);
          })();
          return stopping;
        },
      });
    });
  });
}

/** "exit code 1" / "killed by SIGKILL", for messages. */
export function describeExit(exit: Pick<ChildExit, 'code' | 'signal'>): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

/** The ready message, checked: it comes from our own bundle, but a damaged install must not confuse us. */
export function readyMessage(value: unknown): SandboxReadyMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Partial<Record<keyof SandboxReadyMessage, unknown>>;
  if (m.type !== 'ready' || typeof m.url !== 'string' || typeof m.controlToken !== 'string') return undefined;
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(m.url)) return undefined;
  const problems = Array.isArray(m.definitionProblems) ? m.definitionProblems.filter(isFileProblem) : [];
  return { type: 'ready', url: m.url, controlToken: m.controlToken, definitionProblems: problems };
}

function isFileProblem(value: unknown): value is FileProblem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return ['file', 'path', 'code', 'message'].every((key) => typeof p[key] === 'string');
}
