// What `node dist/sandbox.js` tells a parent that started it with an IPC channel (child_process.fork,
// as the extension does), and what the parent may send back. Plain JSON over the channel.
import type { FileProblem } from './engine/loadDefinitions';

/** Sent once, after the server listens: where it is and how to reach its control API. */
export interface SandboxReadyMessage {
  type: 'ready';
  url: string;
  /** The per-process token for /__sandbox/ (see control.ts). */
  controlToken: string;
  /** Problems in the --definitions / --definition-file files, per file with a path into the JSON. */
  definitionProblems: readonly FileProblem[];
}

/** Asks the child to close its server and exit 0. Closing the channel (the parent died) does the same. */
export interface SandboxStopMessage {
  type: 'stop';
}

export function isStopMessage(value: unknown): value is SandboxStopMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'stop';
}
