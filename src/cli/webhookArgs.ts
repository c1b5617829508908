// The arguments of `reconcile` and `listen` (issue 16), in exactly the documented forms:
//   reconcile --ledger <file> (--execution <id>... | --since <time> [--until <time>] [--definition <id>]
//             [--status <status>]) [--types <type,...>] [--redeliver <url> --secret <secret>]
//   listen --forward-to <url> [--secret <secret>] [--definition <id>] [--execution <id>...]
// `--execution` may be repeated, or followed by more ids (`--execution a b`).
import { KNOWN_EXECUTION_STATUSES, isKnown, parseExecutionId, type ListStatusFilter } from '../api';
import { checkReceiverUrl, parseTimeBound, type ReconcileScope, type Receiver } from '../webhooks';
import { UsageError, definitionOption, quote, type FlagKind } from './args';

export interface ReconcileCommand {
  command: 'reconcile';
  verbose: boolean;
  ledger: string;
  scope: ReconcileScope;
  types: ReadonlySet<string> | undefined;
  redeliver: Receiver | undefined;
}

export interface ListenCommand {
  command: 'listen';
  verbose: boolean;
  receiver: Receiver;
  definitionId: string | undefined;
  executionIds: string[] | undefined;
}

export type WebhookInvocation = ReconcileCommand | ListenCommand;

export const WEBHOOK_FLAGS: Record<'reconcile' | 'listen', Record<string, FlagKind>> = {
  reconcile: {
    '--verbose': 'boolean',
    '--ledger': 'value',
    '--execution': 'repeated',
    '--since': 'value',
    '--until': 'value',
    '--definition': 'value',
    '--status': 'value',
    '--types': 'value',
    '--redeliver': 'value',
    '--secret': 'value',
  },
  listen: {
    '--verbose': 'boolean',
    '--forward-to': 'value',
    '--secret': 'value',
    '--definition': 'value',
    '--execution': 'repeated',
  },
};

const MAX_SECRET_LENGTH = 512;

interface Parsed {
  positionals: string[];
  values: Map<string, string>;
  repeated: Map<string, string[]>;
  verbose: boolean;
}

export function parseWebhookArgs(command: 'reconcile' | 'listen', parsed: Parsed): WebhookInvocation {
  const { values, verbose } = parsed;
  const executionIds = executionList(command, parsed);
  const secret = secretOption(command, values.get('--secret'));
  if (command === 'listen') {
    const forwardTo = values.get('--forward-to');
    if (forwardTo === undefined)
      throw new UsageError(
        'missing --forward-to <url>: where to send the events, e.g. http://localhost:3000/webhooks.',
        command,
      );
    if (executionIds && values.has('--definition'))
      throw new UsageError(
        'give --execution or --definition, not both: --execution already names the runs to follow.',
        command,
      );
    return {
      command,
      verbose,
      receiver: { url: receiverUrl('--forward-to', forwardTo, command), secret },
      definitionId: definitionOption(values.get('--definition'), command),
      executionIds,
    };
  }

  const ledger = values.get('--ledger');
  if (ledger === undefined || ledger.trim() === '')
    throw new UsageError('missing --ledger <file>: the JSON Lines file of what your receiver got.', command);
  const redeliverUrl = values.get('--redeliver');
  if ((redeliverUrl === undefined) !== (secret === undefined))
    throw new UsageError(
      '--redeliver and --secret go together: the re-delivered webhooks are signed with the secret.',
      command,
    );
  return {
    command,
    verbose,
    ledger,
    scope: reconcileScope(executionIds, values),
    types: typesOption(values.get('--types')),
    redeliver:
      redeliverUrl === undefined ? undefined : { url: receiverUrl('--redeliver', redeliverUrl, command), secret },
  };
}

function reconcileScope(executionIds: string[] | undefined, values: Map<string, string>): ReconcileScope {
  const windowFlags = ['--since', '--until', '--definition', '--status'].filter((flag) => values.has(flag));
  if (executionIds) {
    if (windowFlags.length > 0)
      throw new UsageError(
        `${windowFlags[0]} cannot be combined with --execution: give executions, or a time window.`,
        'reconcile',
      );
    return { kind: 'executions', executionIds };
  }
  const sinceRaw = values.get('--since');
  if (sinceRaw === undefined)
    throw new UsageError(
      'missing scope: give --execution <id>... or --since <time> (ISO 8601 or epoch ms).',
      'reconcile',
    );
  const since = timeOption('--since', sinceRaw);
  const untilRaw = values.get('--until');
  const until = untilRaw === undefined ? undefined : timeOption('--until', untilRaw);
  if (until !== undefined && until < since)
    throw new UsageError(`--until (${quote(untilRaw!)}) is before --since (${quote(sinceRaw)}).`, 'reconcile');
  const status = values.get('--status');
  if (status !== undefined && !isKnown(KNOWN_EXECUTION_STATUSES, status))
    throw new UsageError(
      `--status must be one of ${KNOWN_EXECUTION_STATUSES.join(', ')}; got ${quote(status)}.`,
      'reconcile',
    );
  return {
    kind: 'window',
    since,
    until,
    definitionId: definitionOption(values.get('--definition'), 'reconcile'),
    status: status as ListStatusFilter | undefined,
  };
}

function executionList(command: 'reconcile' | 'listen', { positionals, repeated }: Parsed): string[] | undefined {
  const given = repeated.get('--execution');
  if (!given) {
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument ${quote(positionals[0]!)}: "${command}" takes only options.`, command);
    return undefined;
  }
  return [...given, ...positionals].map((raw) => {
    const parsed = parseExecutionId(raw);
    if (!parsed.ok) throw new UsageError(`--execution ${quote(raw)}: ${parsed.reason}`, command);
    return parsed.executionId;
  });
}

function timeOption(name: string, raw: string): number {
  const value = parseTimeBound(raw);
  if (value === undefined)
    throw new UsageError(
      `${name} must be an ISO 8601 time (2026-12-01T09:00:00Z) or epoch milliseconds; got ${quote(raw)}.`,
      'reconcile',
    );
  return value;
}

function typesOption(raw: string | undefined): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  const types = raw.split(',').map((t) => t.trim());
  const bad = types.find((t) => t === '' || t.length > 100 || /[\s\u0000-\u001f\u007f]/.test(t));
  if (bad !== undefined)
    throw new UsageError(
      `--types must be event types separated by commas, e.g. step.completed,execution.failed; got ${quote(raw)}.`,
      'reconcile',
    );
  return new Set(types);
}

function secretOption(command: 'reconcile' | 'listen', raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length === 0 || raw.length > MAX_SECRET_LENGTH)
    throw new UsageError(`--secret must be 1-${MAX_SECRET_LENGTH} characters.`, command);
  return raw;
}

function receiverUrl(name: string, raw: string, command: 'reconcile' | 'listen'): string {
  const checked = checkReceiverUrl(raw);
  if (!checked.ok) throw new UsageError(`${name} ${quote(raw)} ${checked.reason}.`, command);
  return checked.url;
}

export function webhookUsage(program: string): Record<'reconcile' | 'listen', string> {
  return {
    reconcile: `Usage: ${program} reconcile --ledger <file> (--execution <id>... | --since <time> [--until <time>]
         [--definition <id>] [--status <status>]) [--types <type,...>] [--redeliver <url> --secret <secret>]

Compares what a webhook consumer received (the ledger) with the event stream of each execution in
scope, and prints every event missing from the ledger as NDJSON on stdout (the shape of
"events --ndjson"). A summary per execution goes to stderr: events in the stream, received,
missing, duplicates in the ledger, ledger lines that match no event. On a terminal (without
--json): the missing events one per line, then the summary as a table with totals, on stdout.

Ledger: JSON Lines, one delivery per line: the webhook body as delivered (with "executionId" and
"seq", and/or "eventId"), {"eventId": ...}, or {"executionId": ..., "seq": ...}. Blank lines are
ignored; a bad line is reported with its line number and skipped.

Options:
  --ledger FILE       The JSON Lines file of what your receiver got.
  --execution ID...   These executions (repeat the flag, or list several ids after it).
  --since TIME        Every execution started at or after TIME (ISO 8601 or epoch ms)...
  --until TIME        ...and at or before TIME (default: now).
  --definition ID     Only executions of this definition (with --since).
  --status S          Only executions in status S (with --since): ${KNOWN_EXECUTION_STATUSES.join(', ')}.
  --types T,...       Compare only these event types (the ones your receiver subscribes to).
  --redeliver URL     POST each missing event to URL as Velt would (signed; a few attempts
  --secret SECRET     with backoff each); one line per delivery on stderr, then a summary.
  --verbose           Log requests to stderr.

Exit codes: 0 nothing missing, 9 events missing (also after re-delivering them), others as usual.

Examples:
  ${program} reconcile --ledger received.jsonl --since 2026-12-01T00:00:00Z --definition doc-signoff
  ${program} reconcile --ledger received.jsonl --execution exec_1777374504255_xzy43k9q \\
    --redeliver http://localhost:3000/webhooks --secret "$WEBHOOK_SECRET"`,
    listen: `Usage: ${program} listen --forward-to <url> [--secret <secret>] [--definition <id>] [--execution <id>...]

Follows running executions and forwards each new event, once and in order per execution, as a
webhook to URL (the body, x-velt-signature, x-velt-event-id and x-velt-attempt as Velt sends
them; unsigned without --secret). Runs that start while listening are forwarded from their
first event. A failing receiver is retried with backoff; later events of that execution wait.

Prints one line per delivery attempt on stdout (event type, execution, seq, HTTP status, time);
notices on stderr. Ctrl-C prints a summary on stderr and exits 130. With --execution, exits 0
once those executions have ended.

Options:
  --forward-to URL    Where to POST: https://, or http:// to localhost.
  --secret SECRET     Sign each body with HMAC-SHA256 (x-velt-signature: sha256=<hex>).
  --definition ID     Only runs of this definition.
  --execution ID...   Only these executions (repeat the flag, or list several ids after it).
  --verbose           Log requests to stderr.

Example:
  ${program} listen --forward-to http://localhost:3000/webhooks --secret "$WEBHOOK_SECRET"`,
  };
}
