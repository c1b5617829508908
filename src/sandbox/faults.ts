// Fault injection: rules added at start (--fault), through the Sandbox object or the control API,
// plus the permanent per-execution faults of the rateLimited / flaky / slow seeds. A rule fires for
// the next `count` matching requests (unlimited without a count), first rule first.
import { errorResponse, jsonResponse, type SandboxResponse } from './http';
import { DATA_FAULT_MODES, dataFaultRewrite, isDataFaultMode, type DataFaultMode, type Rewrite } from './dataFaults';
import { SANDBOX_EXECUTIONS } from './roles';

export const FAULT_MODES = [
  '429',
  '429-no-retry-after',
  '500',
  '503',
  '504',
  'slow',
  'drop',
  'malformed',
  'truncated',
  'wrong-shape',
  'html',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];
/** Transport faults (FAULT_MODES: the request fails) and data faults (dataFaults.ts: it succeeds with bad data). */
export type AnyFaultMode = FaultMode | DataFaultMode;
const ALL_MODES: readonly AnyFaultMode[] = [...FAULT_MODES, ...DATA_FAULT_MODES];

export interface FaultRule {
  mode: AnyFaultMode;
  /** Next N matching requests; default unlimited. */
  count?: number;
  executionId?: string;
  /** Full path (`/v2/workflow/executions/get`) or a suffix at a `/` boundary (`executions/get`). */
  path?: string;
  /** For 429; default 2. */
  retryAfterSeconds?: number;
  /** For slow; default 15000. */
  delayMs?: number;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 2;
export const DEFAULT_SLOW_MS = 15_000;

/** What the server does with a faulted request. */
export type FaultAction =
  | { kind: 'respond'; response: SandboxResponse }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'rewrite'; rewrite: Rewrite };

interface SeededFault {
  executionId: string;
  rule: FaultRule;
  every: number;
}

/** Faults tied to seeded executions; permanent (clearFaults leaves them), documented in roles.ts. */
const SEEDED_FAULTS: readonly SeededFault[] = [
  { executionId: SANDBOX_EXECUTIONS['rateLimited']!, rule: { mode: '429', retryAfterSeconds: 30 }, every: 1 },
  // Odd-numbered requests only: a client with one retry always gets through.
  { executionId: SANDBOX_EXECUTIONS['flaky']!, rule: { mode: '503' }, every: 2 },
  { executionId: SANDBOX_EXECUTIONS['slow']!, rule: { mode: 'slow', delayMs: 4000 }, every: 1 },
];

export type RuleCheck = { ok: true; rule: FaultRule } | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMode(value: unknown): value is AnyFaultMode {
  return typeof value === 'string' && (ALL_MODES as readonly string[]).includes(value);
}

/** Validates a rule from JSON (the control API); unknown keys are refused so typos do not pass silently. */
export function parseFaultRule(value: unknown): RuleCheck {
  if (!isRecord(value)) return { ok: false, message: 'A fault rule must be a JSON object' };
  const allowed = ['mode', 'count', 'executionId', 'path', 'retryAfterSeconds', 'delayMs'];
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return { ok: false, message: `Unknown fault rule key(s): ${extra.join(', ')}` };
  if (!isMode(value['mode'])) return { ok: false, message: `mode must be one of ${ALL_MODES.join(', ')}` };
  const rule: FaultRule = { mode: value['mode'] };
  for (const key of ['count', 'retryAfterSeconds', 'delayMs'] as const) {
    const n = value[key];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < (key === 'count' ? 1 : 0)) {
      return { ok: false, message: `${key} must be a ${key === 'count' ? 'positive' : 'non-negative'} integer` };
    }
    rule[key] = n;
  }
  for (const key of ['executionId', 'path'] as const) {
    const s = value[key];
    if (s === undefined) continue;
    if (typeof s !== 'string' || s.length === 0) return { ok: false, message: `${key} must be a non-empty string` };
    rule[key] = s;
  }
  return { ok: true, rule };
}

/** `MODE[:count]`, as given to --fault. */
export function parseFaultFlag(flag: string): RuleCheck {
  const [mode, count, ...rest] = flag.split(':');
  if (rest.length > 0 || !isMode(mode))
    return { ok: false, message: `bad --fault "${flag}": expected MODE[:count], MODE one of ${ALL_MODES.join(', ')}` };
  if (count === undefined) return { ok: true, rule: { mode } };
  const n = Number(count);
  if (!/^\d+$/.test(count) || n < 1)
    return { ok: false, message: `bad --fault "${flag}": count must be a positive integer` };
  return { ok: true, rule: { mode, count: n } };
}

function pathMatches(rulePath: string | undefined, path: string): boolean {
  if (rulePath === undefined) return true;
  if (rulePath === path) return true;
  const suffix = rulePath.startsWith('/') ? rulePath : `/${rulePath}`;
  return path.endsWith(suffix);
}

export class FaultTable {
  private rules: { rule: FaultRule; remaining: number }[] = [];
  private readonly seededHits = new Map<string, number>();

  add(rule: FaultRule): void {
    this.rules.push({ rule: { ...rule }, remaining: rule.count ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules still armed, with what is left of their count. */
  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) =>
      Number.isFinite(remaining) ? { ...rule, count: remaining } : { ...rule },
    );
  }

  /** The fault for this request, if any; consumes one use of the matching rule. */
  take(path: string, executionId: string | undefined): FaultRule | undefined {
    const index = this.rules.findIndex(
      ({ rule }) =>
        pathMatches(rule.path, path) && (rule.executionId === undefined || rule.executionId === executionId),
    );
    if (index >= 0) {
      const entry = this.rules[index]!;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.rules.splice(index, 1);
      return entry.rule;
    }
    const seeded = SEEDED_FAULTS.find((f) => f.executionId === executionId);
    if (!seeded || executionId === undefined) return undefined;
    const hits = (this.seededHits.get(executionId) ?? 0) + 1;
    this.seededHits.set(executionId, hits);
    return (hits - 1) % seeded.every === 0 ? seeded.rule : undefined;
  }
}

const HTML_502 =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1><p>The upstream server returned an invalid response.</p>' +
  '<hr><address>sandbox-proxy</address></body></html>\n';

/** Types that match none of the response schemas (ids as numbers, arrays as strings). */
const WRONG_SHAPE = {
  result: {
    executionId: 42,
    status: ['running'],
    events: 'nope',
    items: 'nope',
    steps: 'nope',
    nextCursor: 'x',
    hasMore: 'yes',
  },
};

export function faultAction(rule: FaultRule): FaultAction {
  if (isDataFaultMode(rule.mode)) return { kind: 'rewrite', rewrite: dataFaultRewrite(rule.mode) };
  switch (rule.mode) {
    case '429':
      return {
        kind: 'respond',
        response: errorResponse('RESOURCE_EXHAUSTED', 'Rate limit exceeded for this API key', undefined, {
          'retry-after': String(rule.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
        }),
      };
    case '429-no-retry-after':
      return { kind: 'respond', response: errorResponse('RESOURCE_EXHAUSTED', 'Rate limit exceeded for this API key') };
    case '500':
      return { kind: 'respond', response: errorResponse('INTERNAL', 'Internal error') };
    case '503':
      return { kind: 'respond', response: errorResponse('UNAVAILABLE', 'The service is currently unavailable') };
    case '504':
      return { kind: 'respond', response: errorResponse('DEADLINE_EXCEEDED', 'Deadline exceeded') };
    case 'slow':
      return { kind: 'delay', ms: rule.delayMs ?? DEFAULT_SLOW_MS };
    case 'drop':
      return { kind: 'drop' };
    case 'malformed':
      return {
        kind: 'respond',
        response: {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"result": {nope: <not json>',
        },
      };
    case 'truncated':
      return { kind: 'truncate' };
    case 'wrong-shape':
      return { kind: 'respond', response: jsonResponse(200, WRONG_SHAPE) };
    case 'html':
      return {
        kind: 'respond',
        response: { status: 502, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_502 },
      };
  }
}

/** The first half of a real response, with a matching content-length: a clean read of invalid JSON. */
export function truncateResponse(response: SandboxResponse): SandboxResponse {
  return { ...response, body: response.body.slice(0, Math.floor(response.body.length / 2)) };
}
