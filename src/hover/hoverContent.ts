// The hover's Markdown, as a pure function of what is known about one id (no `vscode`: unit-tested and
// benchmarked). Every API string goes through inertMarkdown; the only links are `command:` links to
// the ids in HOVER_COMMANDS, which is also the hover's trust list: only commands the hover links to, and
// none that accepts secrets (Set Credentials is named, not linked).
import { validStepActions } from '../actions/matrix';
import { isApiError, type ApiError, type ApiErrorKind, type ExecutionView } from '../api';
import { Commands } from '../ids';
import { executionDuration, statusCodicon, stepCounts, waitingApprovals } from '../util/executionText';
import { formatDuration, formatLocal, formatRelative, runStatus, statusWord } from '../util/format';
import { inertMarkdown } from '../util/inertText';
import { commandLink } from '../util/markdown';

export const HOVER_COMMANDS: readonly string[] = [
  Commands.openExecution,
  Commands.pinExecution,
  Commands.unpinExecution,
  Commands.copyExecutionId,
  Commands.refreshExecution,
  Commands.trySandbox,
  Commands.selectEnvironment,
  Commands.showLog,
  // Each opens its own modal confirmation and re-checks that actions are on; linked only while they are.
  Commands.approveStep,
  Commands.rejectStep,
];

export type HoverModel =
  | {
      kind: 'execution';
      executionId: string;
      environment: string;
      execution: ExecutionView;
      pinned: boolean;
      now: number;
      /** Write actions are on for the environment: waiting approvals get Approve… / Reject… links. */
      actionsEnabled?: boolean;
    }
  | { kind: 'notFound'; executionId: string; environment: string }
  | { kind: 'signedOut'; executionId: string; environment: string }
  | {
      kind: 'error';
      executionId: string;
      environment: string;
      errorKind: ApiErrorKind | 'unknown';
      message: string;
      retryAfterMs?: number;
    };

const MAX_WAITING_SHOWN = 5;
/** Named instead of linked: a trusted link would let hover markdown pass arguments to a command that stores secrets. */
const SET_CREDENTIALS = '**Velt: Set Credentials**';

export interface LookupDeps {
  environment: string;
  signedIn: boolean;
  /** Why the stored credentials cannot be used (they are for another host); nothing is looked up then. */
  credentialsProblem?: ApiError | undefined;
  /** The shared store's lookup (cached, one request in flight per id). */
  get: (executionId: string, signal: AbortSignal) => Promise<ExecutionView>;
  isPinned: (executionId: string) => boolean;
  now: () => number;
  /** Whether write actions are on for the environment (off: the hover offers none). */
  actionsEnabled?: () => boolean;
}

/**
 * What the hover shows for an id: nothing is looked up while signed out; NOT_FOUND is a state of its
 * own; undefined when the lookup was cancelled (the hover went away).
 */
export async function lookupHoverModel(
  executionId: string,
  deps: LookupDeps,
  signal: AbortSignal,
): Promise<HoverModel | undefined> {
  const { environment } = deps;
  if (!deps.signedIn) {
    const problem = deps.credentialsProblem;
    return problem
      ? { kind: 'error', executionId, environment, errorKind: problem.kind, message: problem.message }
      : { kind: 'signedOut', executionId, environment };
  }
  try {
    const execution = await deps.get(executionId, signal);
    return {
      kind: 'execution',
      executionId,
      environment,
      execution,
      pinned: deps.isPinned(executionId),
      now: deps.now(),
      actionsEnabled: deps.actionsEnabled?.() ?? false,
    };
  } catch (error) {
    if (signal.aborted || (isApiError(error) && error.kind === 'cancelled')) return undefined;
    if (!isApiError(error))
      return {
        kind: 'error',
        executionId,
        environment,
        errorKind: 'unknown',
        message: 'Could not look up this execution.',
      };
    if (error.kind === 'notFound') return { kind: 'notFound', executionId, environment };
    return {
      kind: 'error',
      executionId,
      environment,
      errorKind: error.kind,
      message: error.message,
      retryAfterMs: error.retryAfterMs,
    };
  }
}

export function buildHoverMarkdown(model: HoverModel): string {
  const id = inertMarkdown(model.executionId, 80); // text, not a code span: a pattern's match may hold anything
  const env = inertMarkdown(model.environment, 80);
  const arg = [{ executionId: model.executionId, source: 'hover' }];
  switch (model.kind) {
    case 'signedOut':
      return [
        `$(key) ${id} — not signed in to ${env}, so it was not looked up.`,
        `Run ${SET_CREDENTIALS}, or ${commandLink('Try the Sandbox', Commands.trySandbox)}.`,
      ].join('\n\n');
    case 'notFound':
      return [
        `$(info) ${id} is not a workflow execution in ${env}.`,
        'It may belong to another environment, or be a Velt Agents run (they share the exec\\_ prefix).',
        `${commandLink('Select Environment', Commands.selectEnvironment)} · ${commandLink('Refresh', Commands.refreshExecution, arg)}`,
      ].join('\n\n');
    case 'error':
      return `${errorLine(model)}\n\n${id}`;
    case 'execution':
      return executionMarkdown(model, id, env, arg);
  }
}

function errorLine(model: Extract<HoverModel, { kind: 'error' }>): string {
  const env = inertMarkdown(model.environment, 80);
  const refresh = commandLink('Retry', Commands.refreshExecution, [{ executionId: model.executionId }]);
  switch (model.errorKind) {
    case 'unauthenticated':
    case 'missingCredentials':
      return `$(key) ${env} rejected the API key or auth token. Run ${SET_CREDENTIALS}.`;
    case 'credentialsOriginMismatch': // the message itself names Velt: Set Credentials
      return `$(key) ${inertMarkdown(model.message)}`;
    case 'network':
    case 'timeout':
    case 'unavailable':
    case 'deadlineExceeded':
      return `$(cloud-offline) Could not reach ${env}. ${refresh} · ${commandLink('Show Log', Commands.showLog)}`;
    case 'rateLimited': {
      const wait = model.retryAfterMs !== undefined ? ` for ${formatDuration(model.retryAfterMs)}` : '';
      return `$(watch) ${env} is rate limiting requests; try again${wait}. ${refresh}`;
    }
    default:
      return `$(warning) ${inertMarkdown(model.message, 200)} ${commandLink('Show Log', Commands.showLog)}`;
  }
}

function executionMarkdown(
  model: Extract<HoverModel, { kind: 'execution' }>,
  id: string,
  env: string,
  arg: unknown[],
): string {
  const { execution, now } = model;
  const status = runStatus(execution);
  const version = execution.definitionVersion !== null ? ` v${execution.definitionVersion}` : '';
  const lines: string[] = [];
  lines.push(
    `$(${statusCodicon(status)}) **${inertMarkdown(statusWord(status), 40)}** · ` +
      `${inertMarkdown(execution.definitionId, 120)}${version} · ${env}`,
  );
  lines.push(id);

  const when: string[] = [];
  if (execution.startedAt !== null)
    when.push(`started ${formatRelative(execution.startedAt, now)} (${formatLocal(execution.startedAt, 's')})`);
  const duration = executionDuration(execution, now);
  if (duration !== undefined)
    when.push(
      `${(execution.completedAt ?? execution.cancelledAt) ? 'took' : 'running for'} ${formatDuration(duration)}`,
    );
  if (when.length > 0) lines.push(`$(history) ${capitalise(when.join(' · '))}`);

  const counts = stepCounts(execution.steps);
  if (counts.length > 0) {
    lines.push(`$(list-tree) Steps: ${counts.map(([s, n]) => `${n} ${inertMarkdown(s, 40)}`).join(' · ')}`);
  }

  const waiting = waitingApprovals(execution.steps);
  for (const w of waiting.slice(0, MAX_WAITING_SHOWN)) {
    const who =
      w.reviewers === undefined
        ? ''
        : ` — ${w.reviewers} reviewer${w.reviewers === 1 ? '' : 's'}${w.mandatory ? ` (${w.mandatory} mandatory)` : ''}`;
    lines.push(
      `$(person) Waiting for approval: **${inertMarkdown(w.nodeId, 80)}**${who}${decisionLinks(model, w.stepId)}`,
    );
  }
  if (waiting.length > MAX_WAITING_SHOWN)
    lines.push(`$(person) …and ${waiting.length - MAX_WAITING_SHOWN} more steps waiting for approval`);

  if (execution.failureReason) {
    lines.push(
      `$(error) ${inertMarkdown(execution.failureReason.code, 80)}: ${inertMarkdown(execution.failureReason.message)}`,
    );
  }

  const actions = [
    commandLink('$(go-to-file) Open', Commands.openExecution, arg, 'Open the execution'),
    model.pinned
      ? commandLink(
          '$(pinned) Unpin',
          Commands.unpinExecution,
          [{ executionId: model.executionId }],
          'Remove from Pinned Executions',
        )
      : commandLink(
          '$(pin) Pin',
          Commands.pinExecution,
          [{ executionId: model.executionId }],
          'Watch in Pinned Executions',
        ),
    commandLink(
      '$(copy) Copy ID',
      Commands.copyExecutionId,
      [{ executionId: model.executionId }],
      'Copy the execution ID',
    ),
    commandLink(
      '$(refresh) Refresh',
      Commands.refreshExecution,
      [{ executionId: model.executionId }],
      'Fetch it again',
    ),
  ];
  return `${lines.join('\n\n')}\n\n---\n\n${actions.join(' · ')}`;
}

/** " · Approve… · Reject…" for a step a declared reviewer can decide now, only while actions are on. */
function decisionLinks(model: Extract<HoverModel, { kind: 'execution' }>, stepId: string): string {
  const step = model.execution.steps.find((s) => s.stepId === stepId);
  if (!model.actionsEnabled || !step || !validStepActions(step, model.execution.status).includes('approve')) return '';
  const arg = [{ environment: model.environment, executionId: model.executionId, stepId }];
  return (
    ` · ${commandLink('$(check) Approve…', Commands.approveStep, arg, 'Approve as a declared reviewer (asks first)')}` +
    ` · ${commandLink('$(close) Reject…', Commands.rejectStep, arg, 'Reject as a declared reviewer (asks first)')}`
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
