// The write verbs: build the request (reading --input-file), ask (confirm.ts), send once through the shared
// WorkflowApi (which retries only what WRITE_RETRY allows), print the API's answer as JSON on stdout, and
// explain on stderr what did not happen: a decision not recorded (exit 10), or a failure whose outcome is
// unknown (what to check before trying again).
import { promises as fs } from 'node:fs';
import { isApiError, newIdempotencyKey, type ApiError, type WorkflowApi } from '../api';
import type { CancelStepCommand, DecisionCommand, DispatchCommand, ResolveCommand, WriteInvocation } from './writeArgs';
import { decisionOf } from './writeArgs';
import { parseJsonObject } from './jsonArgument';
import { confirmWrite, type ConfirmContext } from './confirm';
import { EXIT, exitCodeFor, messageFor, oneLine } from './exitCodes';
import { UsageError, quote } from './usageError';
import type { Output } from './output';
import { writeSentence, type WriteAnswer } from './human/writes';

export interface WriteContext {
  api: WorkflowApi;
  output: Output;
  signal: AbortSignal;
  baseUrl: string;
  timeoutMs: number;
  confirm: Omit<ConfirmContext, 'yes'>;
}

/** A --input-file larger than this is refused before it is read whole (a triggerContext is a small object). */
const MAX_INPUT_FILE_BYTES = 10 * 1024 * 1024;

/** Runs one write verb; returns its exit code. Usage errors and interrupts propagate to run.ts. */
export async function runWrite(invocation: WriteInvocation, context: WriteContext): Promise<number> {
  const { output } = context;
  // Our own key when none was given: named in the question, and in the message if the answer is lost.
  const command: WriteInvocation =
    invocation.command === 'dispatch' && invocation.idempotencyKey === undefined
      ? { ...invocation, idempotencyKey: newIdempotencyKey() }
      : invocation;
  const host = new URL(context.baseUrl).host;
  const send = await prepare(command, context);
  const answer = await confirmWrite(output.redacted(question(command, host)), { ...context.confirm, yes: command.yes });
  if (answer === 'needsYes') {
    output.message(
      `not sent: ${command.command} changes ${host}, and there is no terminal to confirm on (stdin or stderr is not a TTY). Add --yes to send it without asking.`,
    );
    return EXIT.usage;
  }
  if (context.signal.aborted) {
    // Ctrl-C at the question.
    output.message('interrupted: nothing was sent.');
    return EXIT.interrupted;
  }
  if (answer === 'declined') {
    output.message('cancelled by the user: nothing was sent.');
    return EXIT.failure;
  }
  try {
    return await send();
  } catch (error) {
    if (context.signal.aborted || !isApiError(error)) throw error;
    output.message(failureMessage(error, command, context));
    return exitCodeFor(error);
  }
}

/** The request as a function that sends it and reports the answer; reading the input happens before any question. */
async function prepare(command: WriteInvocation, context: WriteContext): Promise<() => Promise<number>> {
  const { api, output, signal } = context;
  // The API's answer: JSON for scripts, one sentence for people.
  const print = async (answer: WriteAnswer): Promise<void> => {
    if (output.human) await output.text(`${writeSentence(command, answer)}\n`);
    else await output.json(answer.result);
  };
  switch (command.command) {
    case 'dispatch': {
      const triggerContext =
        command.inputFile !== undefined ? await readInputFile(command.inputFile) : command.triggerContext;
      return async () => {
        const result = await api.dispatchExecution(
          {
            definitionId: command.definitionId,
            idempotencyKey: command.idempotencyKey,
            correlationId: command.correlationId,
            triggerContext,
            webhookUrl: command.webhook?.url,
            webhookSecret: command.webhook?.secret,
          },
          { signal },
        );
        await print({ command: 'dispatch', result });
        if (result.deduplicated && !output.human)
          output.message(
            `deduplicated: idempotency key ${result.idempotencyKey} was used before, so no new run was started; ${result.executionId} is the earlier run.`,
          );
        return EXIT.ok;
      };
    }
    case 'cancel':
      return async () => {
        const result = await api.cancelExecution(
          { executionId: command.executionId, reason: command.reason },
          { signal },
        );
        await print({ command: 'cancel', result });
        return notDone(result.cancelled, 'cancelled', output);
      };
    case 'approve':
    case 'reject':
      return async () => {
        const result = await api.recordReviewerDecision(
          {
            executionId: command.executionId,
            stepId: command.stepId,
            reviewerId: command.reviewerId,
            decision: decisionOf(command),
            reason: command.reason,
          },
          { signal },
        );
        await print({ command: command.command, result });
        if (result.recorded) return EXIT.ok;
        output.message(notRecordedMessage(result.rejectionReason, command));
        return EXIT.notRecorded;
      };
    case 'resolve':
      return async () => {
        const result = await api.resolveStep(
          {
            executionId: command.executionId,
            stepId: command.stepId,
            action: command.action,
            actorId: command.actorId,
            output: command.output,
            reason: command.reason,
          },
          { signal },
        );
        await print({ command: 'resolve', result });
        return notDone(result.resolved, 'resolved', output);
      };
    case 'cancel-step':
      return async () => {
        const result = await api.cancelStep(
          {
            executionId: command.executionId,
            stepId: command.stepId,
            actorId: command.actorId,
            reason: command.reason,
          },
          { signal },
        );
        await print({ command: 'cancel-step', result });
        return notDone(result.cancelled, 'cancelled', output);
      };
  }
}

function notDone(done: boolean, flag: string, output: Output): number {
  if (done) return EXIT.ok;
  output.message(`the API answered "${flag}": false, so nothing was changed.`);
  return EXIT.notRecorded;
}

/** The confirmation question: host, action, execution (and step), who acts, and what follows. */
export function question(command: WriteInvocation, host: string): string {
  const step = (c: DecisionCommand | ResolveCommand | CancelStepCommand): string =>
    `step ${quote(c.stepId)} of execution ${c.executionId}`;
  switch (command.command) {
    case 'dispatch':
      return `Start a run of definition ${command.definitionId} at ${host}${dispatchDetails(command)}?`;
    case 'cancel':
      return `Cancel execution ${command.executionId} at ${host}? Cancelling is final.`;
    case 'approve':
    case 'reject':
      return `${command.command === 'approve' ? 'Approve' : 'Reject'} ${step(command)} at ${host} as reviewer ${quote(command.reviewerId)}?`;
    case 'resolve':
      return `${command.action} ${step(command)} at ${host} as ${quote(command.actorId)}? ${RESOLVE_CONSEQUENCE[command.action]}`;
    case 'cancel-step':
      return `Cancel ${step(command)} at ${host} as ${quote(command.actorId)}? None of its outgoing edges will fire.`;
  }
}

const RESOLVE_CONSEQUENCE: Record<ResolveCommand['action'], string> = {
  'force-approve': 'The step completes with decision approve.',
  'force-reject': 'The step completes with decision reject; a reject loop-back will not fire (rejectedBy is not set).',
  'force-complete': 'The step completes with the given output.',
  'force-fail': 'The step fails; failure-routed edges fire.',
  'reviewer-approve': 'Recorded as this reviewer approving the step.',
  'reviewer-reject': 'Recorded as this reviewer rejecting the step.',
};

function dispatchDetails(command: DispatchCommand): string {
  const parts = [
    command.idempotencyKey ? `idempotency key ${command.idempotencyKey}` : undefined,
    command.webhook ? `events to ${quote(command.webhook.url)}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function notRecordedMessage(rejectionReason: string | null, command: DecisionCommand): string {
  const reviewer = quote(command.reviewerId);
  const known: Record<string, string> = {
    idempotent: `${reviewer} had already decided on this step, so this decision was not counted again`,
    'already-terminal': 'the step is already over',
    'unknown-responder': `${reviewer} is not a declared reviewer of this step; nothing was counted`,
    'aggregator-missing': 'the step has no decision aggregator (an engine fault)',
  };
  const reason = rejectionReason === null ? 'no reason given' : oneLine(rejectionReason).slice(0, 200);
  const explained = rejectionReason !== null ? known[rejectionReason] : undefined;
  return `the API did not record the ${decisionOf(command)}: ${reason}${explained ? ` (${explained})` : ''}. Check the run with "velt-executions get ${command.executionId}".`;
}

/** Failures that leave it unknown whether the write reached the engine. */
function outcomeUnknown(error: ApiError): boolean {
  return ['network', 'timeout', 'unavailable', 'deadlineExceeded', 'invalidResponse'].includes(error.kind);
}

function failureMessage(error: ApiError, command: WriteInvocation, context: WriteContext): string {
  const executionId = command.command === 'dispatch' ? undefined : command.executionId;
  const stepId = 'stepId' in command ? command.stepId : undefined;
  const server = error.serverMessage ? ` (${oneLine(error.serverMessage).slice(0, 200)})` : '';
  let text: string;
  if (error.kind === 'notFound') {
    const what =
      command.command === 'dispatch'
        ? `definition ${command.definitionId} was not found (or is not active)`
        : stepId !== undefined
          ? `execution ${executionId} or its step ${quote(stepId)} was not found`
          : `execution ${executionId} was not found`;
    text = `${what} at ${context.baseUrl}${server}. Check the IDs and VELT_BASE_URL.`;
  } else if (
    error.status === 'PERMISSION_DENIED' &&
    command.command === 'resolve' &&
    command.action.startsWith('reviewer-')
  ) {
    text = `${quote(command.actorId)} is not a declared reviewer of step ${quote(command.stepId)}, or the credentials were rejected${server}. Check --actor, VELT_API_KEY and VELT_AUTH_TOKEN.`;
  } else {
    text = messageFor(error, { baseUrl: context.baseUrl, timeoutMs: context.timeoutMs, executionId });
    if (error.status === 'FAILED_PRECONDITION' && executionId)
      text += ` Check the run with "velt-executions get ${executionId}".`;
  }
  if (!outcomeUnknown(error)) return text;
  if (command.command === 'dispatch')
    return `${text} A run may have started: re-run with --idempotency-key ${command.idempotencyKey ?? ''} to get it without starting another.`;
  if (command.command === 'resolve' || command.command === 'cancel-step')
    return `${text} It may have been applied (not retried automatically): check with "velt-executions get ${executionId}" before trying again.`;
  return text;
}

async function readInputFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw new UsageError(`--input-file ${quote(path)} is a folder, not a file.`, 'dispatch');
    if (stat.size > MAX_INPUT_FILE_BYTES)
      throw new UsageError(
        `--input-file ${quote(path)} is larger than 10 MiB; a triggerContext is a small JSON object.`,
        'dispatch',
      );
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? 'unreadable');
    throw new UsageError(`cannot read --input-file ${quote(path)}: ${why}.`, 'dispatch');
  }
  // A UTF-8 byte order mark (some editors write one) is not part of the JSON.
  return parseJsonObject(text.replace(/^\uFEFF/, ''), `--input-file ${quote(path)}`, 'dispatch');
}
