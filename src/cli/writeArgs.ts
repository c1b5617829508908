// The write verbs' command lines (issue 15): dispatch, cancel, approve, reject, resolve, cancel-step.
// Pure checks of what args.ts has split into positionals and options; every mistake is a UsageError
// (exit 2) before anything is sent. --input-file is only named here; the verb reads it (writeCommands.ts).
import {
  DEFINITION_ID_PATTERN,
  DISPATCH_KEY_PATTERN,
  RESOLVE_ACTIONS,
  WRITE_LIMITS,
  isKnown,
  parseExecutionId,
  type ResolveAction,
  type ReviewerDecision,
} from '../api';
import { parseJsonObject } from './jsonArgument';
import { PROGRAM, UsageError, quote } from './usageError';

export const WRITE_COMMANDS = ['dispatch', 'cancel', 'approve', 'reject', 'resolve', 'cancel-step'] as const;
export type WriteCommandName = (typeof WRITE_COMMANDS)[number];

interface WriteCommon {
  verbose: boolean;
  /** Send without asking (required when stdin or stderr is not a terminal). */
  yes: boolean;
}
export interface DispatchCommand extends WriteCommon {
  command: 'dispatch';
  definitionId: string;
  /** From --input; --input-file is read when the command runs. */
  triggerContext: Record<string, unknown> | undefined;
  inputFile: string | undefined;
  idempotencyKey: string | undefined;
  correlationId: string | undefined;
  webhook: { url: string; secret: string } | undefined;
}
export interface CancelCommand extends WriteCommon {
  command: 'cancel';
  executionId: string;
  reason: string | undefined;
}
export interface DecisionCommand extends WriteCommon {
  command: 'approve' | 'reject';
  executionId: string;
  stepId: string;
  reviewerId: string;
  reason: string | undefined;
}
export interface ResolveCommand extends WriteCommon {
  command: 'resolve';
  executionId: string;
  stepId: string;
  action: ResolveAction;
  actorId: string;
  output: Record<string, unknown> | undefined;
  reason: string | undefined;
}
export interface CancelStepCommand extends WriteCommon {
  command: 'cancel-step';
  executionId: string;
  stepId: string;
  actorId: string;
  reason: string | undefined;
}
export type WriteInvocation = DispatchCommand | CancelCommand | DecisionCommand | ResolveCommand | CancelStepCommand;

type FlagKind = 'boolean' | 'value';
const COMMON: Record<string, FlagKind> = { '--verbose': 'boolean', '--yes': 'boolean', '--json': 'boolean' };
export const WRITE_FLAGS: Record<WriteCommandName, Record<string, FlagKind>> = {
  dispatch: {
    ...COMMON,
    '--input': 'value',
    '--input-file': 'value',
    '--idempotency-key': 'value',
    '--correlation-id': 'value',
    '--webhook-url': 'value',
    '--webhook-secret': 'value',
  },
  cancel: { ...COMMON, '--reason': 'value' },
  approve: { ...COMMON, '--reviewer': 'value', '--reason': 'value' },
  reject: { ...COMMON, '--reviewer': 'value', '--reason': 'value' },
  resolve: { ...COMMON, '--action': 'value', '--actor': 'value', '--output': 'value', '--reason': 'value' },
  'cancel-step': { ...COMMON, '--actor': 'value', '--reason': 'value' },
};

export function isWriteCommandName(value: string): value is WriteCommandName {
  return (WRITE_COMMANDS as readonly string[]).includes(value);
}

export function isWriteInvocation(invocation: { command: string }): invocation is WriteInvocation {
  return isWriteCommandName(invocation.command);
}

export interface SplitArguments {
  positionals: readonly string[];
  values: ReadonlyMap<string, string>;
  booleans: ReadonlySet<string>;
}

const FORMS: Record<WriteCommandName, string> = {
  dispatch: `${PROGRAM} dispatch <definitionId>`,
  cancel: `${PROGRAM} cancel <executionId>`,
  approve: `${PROGRAM} approve <executionId> <stepId> --reviewer <userId>`,
  reject: `${PROGRAM} reject <executionId> <stepId> --reviewer <userId>`,
  resolve: `${PROGRAM} resolve <executionId> <stepId> --action <action> --actor <id>`,
  'cancel-step': `${PROGRAM} cancel-step <executionId> <stepId> --actor <id>`,
};

export function parseWriteCommand(command: WriteCommandName, args: SplitArguments): WriteInvocation {
  const { values, booleans } = args;
  const common = { verbose: booleans.has('--verbose'), yes: booleans.has('--yes') };
  const fail = (message: string): never => {
    throw new UsageError(message, command);
  };
  const positionals = expectPositionals(command, args.positionals, fail);

  if (command === 'dispatch') {
    const definitionId = positionals[0]!;
    if (!DEFINITION_ID_PATTERN.test(definitionId))
      fail(`${quote(definitionId)} is not a definition ID: expected lowercase letters, digits and "-", 3-64 long.`);
    const input = values.get('--input');
    const inputFile = values.get('--input-file');
    if (input !== undefined && inputFile !== undefined) fail('give --input or --input-file, not both.');
    if (inputFile !== undefined && inputFile.trim() === '') fail('--input-file needs a file path.');
    const url = values.get('--webhook-url');
    const secret = values.get('--webhook-secret');
    // The secret is never quoted back, not even its length.
    if (url !== undefined && secret === undefined)
      fail('--webhook-url needs --webhook-secret (the API takes both or neither).');
    if (secret !== undefined && url === undefined)
      fail('--webhook-secret needs --webhook-url (the API takes both or neither).');
    if (url !== undefined) webhookUrlProblem(url, fail);
    if (
      secret !== undefined &&
      (secret.length < WRITE_LIMITS.webhookSecretMin || secret.length > WRITE_LIMITS.webhookSecretMax)
    )
      fail(
        `--webhook-secret must be ${WRITE_LIMITS.webhookSecretMin}-${WRITE_LIMITS.webhookSecretMax} characters long.`,
      );
    return {
      command,
      ...common,
      definitionId,
      triggerContext: input === undefined ? undefined : parseJsonObject(input, '--input', command),
      inputFile,
      idempotencyKey: dispatchKey('--idempotency-key', values.get('--idempotency-key'), fail),
      correlationId: dispatchKey('--correlation-id', values.get('--correlation-id'), fail),
      webhook: url !== undefined && secret !== undefined ? { url, secret } : undefined,
    };
  }

  const executionId = executionIdOf(positionals[0]!, fail);
  if (command === 'cancel') {
    return { command, ...common, executionId, reason: reason(values, WRITE_LIMITS.cancelReason, fail) };
  }
  const stepId = stepIdOf(positionals[1]!, fail);
  if (command === 'approve' || command === 'reject') {
    return {
      command,
      ...common,
      executionId,
      stepId,
      reviewerId: userId('--reviewer', values.get('--reviewer'), fail),
      reason: reason(values, WRITE_LIMITS.decisionReason, fail),
    };
  }
  if (command === 'resolve') {
    const action = values.get('--action');
    if (action === undefined) return fail(`missing --action: one of ${RESOLVE_ACTIONS.join(', ')}.`);
    if (!isKnown(RESOLVE_ACTIONS, action))
      return fail(`--action must be one of ${RESOLVE_ACTIONS.join(', ')}; got ${quote(action)}.`);
    const output = values.get('--output');
    return {
      command,
      ...common,
      executionId,
      stepId,
      action,
      actorId: userId('--actor', values.get('--actor'), fail),
      output: output === undefined ? undefined : parseJsonObject(output, '--output', command),
      reason: reason(values, WRITE_LIMITS.decisionReason, fail),
    };
  }
  return {
    command,
    ...common,
    executionId,
    stepId,
    actorId: userId('--actor', values.get('--actor'), fail),
    reason: reason(values, WRITE_LIMITS.cancelReason, fail),
  };
}

/** The decision a verb records: approve and reject are the two reviewer verbs. */
export function decisionOf(command: DecisionCommand): ReviewerDecision {
  return command.command;
}

function expectPositionals(
  command: WriteCommandName,
  positionals: readonly string[],
  fail: (message: string) => never,
): readonly string[] {
  const names =
    command === 'dispatch' ? ['definition ID'] : command === 'cancel' ? ['execution ID'] : ['execution ID', 'step ID'];
  if (positionals.length < names.length) fail(`missing ${names[positionals.length]!}: ${FORMS[command]}.`);
  if (positionals.length > names.length)
    fail(`unexpected argument ${quote(positionals[names.length]!)}: ${FORMS[command]}.`);
  return positionals;
}

function executionIdOf(raw: string, fail: (message: string) => never): string {
  const parsed = parseExecutionId(raw);
  if (!parsed.ok) return fail(`${quote(raw)}: ${parsed.reason}`);
  return parsed.executionId;
}

/** Step ids are the engine's (`human-review`, `group_x__to__y`, …): 1-2000 characters without control characters. */
function stepIdOf(raw: string, fail: (message: string) => never): string {
  if (raw.length === 0 || raw.length > 2000 || /[\u0000-\u001f\u007f]/.test(raw))
    fail(`${quote(raw)} is not a step ID: expected 1-2000 characters without control characters.`);
  return raw;
}

function userId(flag: string, raw: string | undefined, fail: (message: string) => never): string {
  if (raw === undefined) return fail(`missing ${flag} <id>.`);
  const value = raw;
  if (value.trim() === '' || value.length > WRITE_LIMITS.actorId || /[\u0000-\u001f\u007f]/.test(value))
    fail(`${flag} must be 1-${WRITE_LIMITS.actorId} characters without control characters; got ${quote(value)}.`);
  return value;
}

function reason(
  values: ReadonlyMap<string, string>,
  max: number,
  fail: (message: string) => never,
): string | undefined {
  const value = values.get('--reason');
  if (value !== undefined && value.length > max)
    fail(`--reason must be at most ${max} characters; got ${value.length}.`);
  return value;
}

function dispatchKey(flag: string, raw: string | undefined, fail: (message: string) => never): string | undefined {
  if (raw !== undefined && !DISPATCH_KEY_PATTERN.test(raw))
    fail(`${flag} must be 1-200 letters, digits or ":_-."; got ${quote(raw)}.`);
  return raw;
}

/** https, or http to this machine (a local receiver, as the sandbox allows); the API has the last word. */
function webhookUrlProblem(raw: string, fail: (message: string) => never): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`--webhook-url must be an https URL; got ${quote(raw)}.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    fail(`--webhook-url must use https (plain http only to localhost); got ${quote(raw)}.`);
}

export const WRITE_USAGE: Record<WriteCommandName, string> = {
  dispatch: `Usage: ${PROGRAM} dispatch <definitionId> [--input <json> | --input-file <path>]
         [--idempotency-key <k>] [--correlation-id <c>]
         [--webhook-url <u> --webhook-secret <s>] [--yes]

Starts a run of an active definition and prints {"executionId","correlationId",
"deduplicated","idempotencyKey"}.

Options:
  --input JSON          The run's triggerContext (a JSON object; edge predicates read it
                        as execution.input.*).
  --input-file PATH     Read the triggerContext from a file instead.
  --idempotency-key K   Replaying a key returns the earlier run ("deduplicated": true).
                        Without one a fresh key is generated and printed, so a retry
                        after a lost answer never starts a second run.
  --correlation-id C    Your id for the run (the server makes one otherwise).
  --webhook-url U       Deliver this run's events to U (https), signed with
  --webhook-secret S    S (16-512 characters; never printed).
  --yes                 Send without asking (required when not on a terminal).
  --verbose             Log requests to stderr.

Example:
  ${PROGRAM} dispatch invoice-approval --input '{"amount": 12000}'`,
  cancel: `Usage: ${PROGRAM} cancel <executionId> [--reason <text>] [--yes]

Cancels a run; cancelling is final. A run that is already over is left as it is.
Prints {"cancelled","executionId"}.

Options:
  --reason TEXT   Shown on the execution.cancelled event (at most ${WRITE_LIMITS.cancelReason} characters).
  --yes           Send without asking (required when not on a terminal).
  --verbose       Log requests to stderr.`,
  approve: decisionUsage('approve'),
  reject: decisionUsage('reject'),
  resolve: `Usage: ${PROGRAM} resolve <executionId> <stepId> --action <action> --actor <id>
         [--output <json>] [--reason <text>] [--yes]

Operator override of a running or waiting step. Prints {"resolved","executionId","stepId","action"}.
Never retried automatically: if the answer is lost, check the run with "get" first.

Actions:
  force-approve     A waiting step completes with decision approve.
  force-reject      A waiting step completes with decision reject; a reject loop-back
                    does not fire (the engine sets no rejectedBy).
  force-complete    A running or waiting step completes with --output (or {}).
  force-fail        A running or waiting step fails with --output; failure edges fire.
  reviewer-approve  A declared reviewer (--actor) approves a waiting human step.
  reviewer-reject   A declared reviewer (--actor) rejects a waiting human step.

Options:
  --actor ID        Who acts, recorded on the audit event (1-${WRITE_LIMITS.actorId} characters).
  --output JSON     A JSON object stored as the step's output.
  --reason TEXT     At most ${WRITE_LIMITS.decisionReason} characters.
  --yes             Send without asking (required when not on a terminal).
  --verbose         Log requests to stderr.`,
  'cancel-step': `Usage: ${PROGRAM} cancel-step <executionId> <stepId> --actor <id> [--reason <text>] [--yes]

Cancels one step: none of its outgoing edges fire. Prints {"cancelled","executionId","stepId"}.
Never retried automatically: if the answer is lost, check the run with "get" first.

Options:
  --actor ID      Who acts, recorded on the audit event (1-${WRITE_LIMITS.actorId} characters).
  --reason TEXT   Shown on the step.cancelled event (at most ${WRITE_LIMITS.cancelReason} characters).
  --yes           Send without asking (required when not on a terminal).
  --verbose       Log requests to stderr.`,
};

function decisionUsage(verb: 'approve' | 'reject'): string {
  return `Usage: ${PROGRAM} ${verb} <executionId> <stepId> --reviewer <userId> [--reason <text>] [--yes]

Records one reviewer's ${verb === 'approve' ? 'approval' : 'rejection'} of a waiting human step (the reviewer must be
declared on the node). Prints {"recorded","aggregatorStatus","resumeScheduled","rejectionReason"};
when the API did not record it (recorded: false) the reason goes to stderr and the exit code is 10.

Options:
  --reviewer ID   The reviewer's userId.
  --reason TEXT   At most ${WRITE_LIMITS.decisionReason} characters.
  --yes           Send without asking (required when not on a terminal).
  --verbose       Log requests to stderr.

Example:
  ${PROGRAM} ${verb} exec_1777374504255_xzy43k9q human-legal --reviewer u_legal --yes`;
}
