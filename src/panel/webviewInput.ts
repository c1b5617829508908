// What the host accepts from the webview (its messages and its persisted state) and from the saved panel
// prefs, checked by small hand-written guards: this runs at activation, and zod (~94 KB) would make every
// VS Code start pay for it (issue 11). The zod schemas in protocolSchemas.ts stay the executable spec:
// test/unit/panel/webviewInput.test.ts drives one table of valid and invalid inputs through both and asserts
// they agree, so each guard here is exactly as strict as its schema (unknown keys and types, wrong field
// types, out-of-bound strings and numbers are rejected).
import {
  ENVIRONMENT_NAME_MAX,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  FILTER_BOUNDS,
  GRAPH_BOUNDS,
  LOG_LEVELS,
  LOG_MESSAGE_MAX,
  PANEL_ACTIONS,
  PANEL_TABS,
  PANEL_WRITE_ACTIONS,
  PROTOCOL_VERSION,
  STEP_TEXT_BOUNDS,
  TIME_FORMATS,
  type Prefs,
  type WebviewToHost,
} from './protocol';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Checks one value; returns what is wrong with it (prefixed by its path), or null when it is fine. */
type Check = (value: unknown, path: string) => string | null;

const at = (path: string): string => path || '(root)';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count: Check = (value, path) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER
    ? null
    : `${at(path)}: expected a non-negative integer`;
const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : `${at(path)}: expected a boolean`);
const literal =
  (expected: string | number): Check =>
  (value, path) =>
    value === expected ? null : `${at(path)}: expected ${JSON.stringify(expected)}`;
const oneOf =
  (values: readonly string[]): Check =>
  (value, path) =>
    typeof value === 'string' && values.includes(value) ? null : `${at(path)}: expected one of ${values.join(', ')}`;
const text =
  (max: number, min = 0): Check =>
  (value, path) =>
    typeof value === 'string' && value.length >= min && value.length <= max
      ? null
      : `${at(path)}: expected a string of ${min} to ${max} characters`;
const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? null : check(value, path);
const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? null : check(value, path);
const array =
  (item: Check, max: number): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `${at(path)}: expected an array`;
    if (value.length > max) return `${at(path)}: expected at most ${max} items`;
    // An index loop, not every(): a hole is an undefined item, as the schema sees it.
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${path ? `${path}.` : ''}${i}`);
      if (problem) return problem;
    }
    return null;
  };

type Shape = Readonly<Record<string, Check>>;
/** An object with exactly these keys; `strict` also rejects any other key (as zod's strictObject, via for…in). */
const object =
  (shape: Shape, strict: boolean): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${at(path)}: expected an object`;
    for (const [key, check] of Object.entries(shape)) {
      const problem = check(value[key], `${path ? `${path}.` : ''}${key}`);
      if (problem) return problem;
    }
    if (strict) {
      for (const key in value)
        if (!Object.hasOwn(shape, key)) return `${at(path)}: unknown key ${JSON.stringify(key).slice(0, 100)}`;
    }
    return null;
  };

const filterState = object(
  {
    types: array(text(EVENT_TEXT_BOUNDS.type), FILTER_BOUNDS.types),
    step: nullable(text(STEP_TEXT_BOUNDS.stepId)),
    text: text(FILTER_BOUNDS.text),
    failuresOnly: boolean,
  },
  true,
);
const prefs = object({ timeFormat: oneOf(TIME_FORMATS), filters: filterState, tab: optional(oneOf(PANEL_TABS)) }, true);

const probeStats = object(
  {
    received: count,
    filtered: count,
    domRows: count,
    domElements: count,
    foreignElements: count,
    foreignTags: array(text(200), 50),
    scriptRan: boolean,
    firstRowTexts: array(text(20_000), 50),
    detailText: nullable(text(300_000)),
    stateText: text(5000),
    graphNodes: array(text(GRAPH_BOUNDS.text), GRAPH_BOUNDS.nodes),
    mountedViews: array(oneOf(PANEL_TABS), PANEL_TABS.length),
    graphText: nullable(text(300_000)),
  },
  true,
);

/** The fields of each webview message; the mapped type makes the keys match the protocol type exactly. */
type MessageShapes = { [T in WebviewToHost['type']]: { [K in keyof Extract<WebviewToHost, { type: T }>]-?: Check } };
const request = <T extends string>(type: T) => ({ type: literal(type), requestId: count });
const MESSAGE_SHAPES: MessageShapes = {
  ready: { type: literal('ready'), protocol: literal(PROTOCOL_VERSION) },
  loadMore: request('loadMore'),
  loadAll: request('loadAll'),
  cancelLoad: request('cancelLoad'),
  retry: request('retry'),
  refresh: request('refresh'),
  setTail: { type: literal('setTail'), requestId: count, paused: boolean },
  action: { type: literal('action'), requestId: count, action: oneOf(PANEL_ACTIONS) },
  writeAction: {
    type: literal('writeAction'),
    requestId: count,
    action: oneOf(PANEL_WRITE_ACTIONS),
    stepId: nullable(text(STEP_TEXT_BOUNDS.stepId)),
  },
  copyEvent: { type: literal('copyEvent'), requestId: count, seq: count },
  openPayload: { type: literal('openPayload'), requestId: count, seq: count },
  savePrefs: { type: literal('savePrefs'), prefs },
  probeResult: { type: literal('probeResult'), requestId: count, stats: probeStats },
  loadGraph: request('loadGraph'),
  loadNodeDetail: { type: literal('loadNodeDetail'), requestId: count, nodeId: text(GRAPH_BOUNDS.text) },
  log: { type: literal('log'), level: oneOf(LOG_LEVELS), message: text(LOG_MESSAGE_MAX) },
};
const MESSAGE_CHECKS = new Map<string, Check>(
  Object.entries(MESSAGE_SHAPES).map(([type, shape]) => [type, object(shape, true)]),
);

const webviewMessage: Check = (value, path) => {
  if (!isRecord(value)) return `${at(path)}: expected an object`;
  const check = typeof value['type'] === 'string' ? MESSAGE_CHECKS.get(value['type']) : undefined;
  return check ? check(value, path) : 'type: unknown message type';
};

function parse<T>(check: Check, raw: unknown): ParseResult<T> {
  const problem = check(raw, '');
  // The check proved `raw` has exactly the shape of T.
  return problem === null ? { ok: true, message: raw as T } : { ok: false, reason: problem.slice(0, 300) };
}

/** What the host accepts from the webview; anything else is dropped and counted. */
export const parseWebviewMessage = (raw: unknown): ParseResult<WebviewToHost> => parse(webviewMessage, raw);

/** Saved prefs, or null when they are missing or not exactly a Prefs (an older or hand-edited value). */
export function parsePrefs(raw: unknown): Prefs | null {
  const parsed = parse<Prefs>(prefs, raw);
  return parsed.ok ? parsed.message : null;
}

export interface PersistedIdentity {
  environment: string;
  executionId: string;
}
const persistedIdentity = object(
  {
    environment: text(ENVIRONMENT_NAME_MAX, 1),
    executionId: text(EXECUTION_TEXT_BOUNDS.executionId, 1),
  },
  false,
);

/** The identity a revived panel needs from its webview's persisted state (other saved fields are ignored). */
export function parsePersistedIdentity(raw: unknown): PersistedIdentity | null {
  const parsed = parse<PersistedIdentity>(persistedIdentity, raw);
  return parsed.ok ? { environment: parsed.message.environment, executionId: parsed.message.executionId } : null;
}
