// Every verb that prints data, as a script runs it (stdout not a terminal). recordPiped.ts runs these
// once against the sandbox and stores the server's answers and the CLI's output; piped.test.ts replays
// them and requires the same bytes, so output for scripts cannot change by accident.
import * as path from 'node:path';
import { SANDBOX_EXECUTIONS } from '../../../../src/sandbox/roles';

export const LEDGER = path.join(__dirname, 'ledger.jsonl');

const done = SANDBOX_EXECUTIONS['completedParallel']!;
const hostile = SANDBOX_EXECUTIONS['hostile']!;
const failed = SANDBOX_EXECUTIONS['failed']!;
const longWait = SANDBOX_EXECUTIONS['runningLongWait']!;
const loop = SANDBOX_EXECUTIONS['runningLoop']!;

export interface PipedCase {
  name: string;
  argv: string[];
}

/** `{step}` is replaced with a step id the recorder found waiting (stored with the recording). */
export const PIPED_CASES: readonly PipedCase[] = [
  { name: 'get', argv: ['get', done] },
  { name: 'get failed', argv: ['get', failed] },
  { name: 'events page', argv: ['events', done, '--page-size', '5'] },
  { name: 'events page ndjson', argv: ['events', done, '--page-size', '5', '--since', '3', '--ndjson'] },
  { name: 'events hostile page', argv: ['events', hostile, '--page-size', '4'] },
  { name: 'events all', argv: ['events', done, '--all', '--page-size', '7'] },
  { name: 'events all ndjson', argv: ['events', done, '--all', '--ndjson'] },
  { name: 'events follow', argv: ['events', done, '--follow', '--interval', '10'] },
  { name: 'list', argv: ['list', '--limit', '6', '--page-size', '4'] },
  { name: 'list ndjson', argv: ['list', '--status', 'failed', '--limit', '3', '--ndjson'] },
  { name: 'definitions list', argv: ['definitions', 'list'] },
  { name: 'definitions list ndjson', argv: ['definitions', 'list', '--limit', '2', '--ndjson'] },
  { name: 'definitions get', argv: ['definitions', 'get', 'doc-signoff'] },
  {
    name: 'dispatch',
    argv: [
      'dispatch',
      'doc-signoff',
      '--input',
      '{"documentUrl":"https://example.com/a"}',
      '--idempotency-key',
      'golden-1',
      '--yes',
    ],
  },
  {
    name: 'approve',
    argv: ['approve', longWait, '{waitingStep}', '--reviewer', '{reviewer}', '--reason', 'ok', '--yes'],
  },
  { name: 'reject not recorded', argv: ['reject', longWait, '{waitingStep}', '--reviewer', 'u_nobody', '--yes'] },
  {
    name: 'resolve',
    argv: [
      'resolve',
      loop,
      '{loopStep}',
      '--action',
      'force-complete',
      '--actor',
      'ops',
      '--output',
      '{"a":1}',
      '--yes',
    ],
  },
  {
    name: 'cancel-step',
    argv: ['cancel-step', longWait, '{waitingStep}', '--actor', 'ops', '--reason', 'not needed', '--yes'],
  },
  { name: 'cancel', argv: ['cancel', loop, '--reason', 'golden', '--yes'] },
  { name: 'reconcile', argv: ['reconcile', '--execution', failed, '--ledger', LEDGER] },
];

export interface PipedGolden {
  /** Values substituted for `{name}` in the argv. */
  slots: Record<string, string>;
  results: Record<string, { code: number; stdout: string; stderr: string }>;
}

export function argvOf(entry: PipedCase, slots: Record<string, string>): string[] {
  return entry.argv.map((arg) => arg.replace(/\{(\w+)\}/g, (_, name: string) => slots[name] ?? `{${name}}`));
}
