// The host's zod-free guards (webviewInput.ts) against their executable spec, the zod schemas
// (protocolSchemas.ts): one table of valid and invalid inputs, plus every field of every valid message
// replaced by values of the wrong type, at and past its bounds, removed, or joined by an unknown key,
// goes through both, and both must give the same verdict.
import { strict as assert } from 'node:assert';
import type * as z from 'zod';
import {
  DEFAULT_PREFS,
  ENVIRONMENT_NAME_MAX,
  EVENT_TEXT_BOUNDS,
  EXECUTION_TEXT_BOUNDS,
  FILTER_BOUNDS,
  LOG_MESSAGE_MAX,
  PROTOCOL_VERSION,
  STEP_TEXT_BOUNDS,
} from '../../../src/panel/protocol';
import { PersistedIdentitySchema, PrefsSchema, WebviewToHostSchema } from '../../../src/panel/protocolSchemas';
import { parsePersistedIdentity, parsePrefs, parseWebviewMessage } from '../../../src/panel/webviewInput';

const str = (length: number): string => 'x'.repeat(length);
const probeStats = {
  received: 3,
  filtered: 2,
  domRows: 2,
  domElements: 40,
  foreignElements: 0,
  foreignTags: ['iframe'],
  scriptRan: false,
  firstRowTexts: ['a', str(20_000)],
  detailText: null,
  stateText: str(5000),
  graphNodes: ['draft', str(500)],
  mountedViews: ['graph', 'timeline'],
  graphText: str(300_000),
};
const prefs = {
  timeFormat: 'utc',
  filters: {
    types: ['step.failed', str(EVENT_TEXT_BOUNDS.type)],
    step: str(STEP_TEXT_BOUNDS.stepId),
    text: str(FILTER_BOUNDS.text),
    failuresOnly: true,
  },
};

const VALID_MESSAGES: Record<string, unknown>[] = [
  { type: 'ready', protocol: PROTOCOL_VERSION },
  { type: 'loadMore', requestId: 0 },
  { type: 'loadNodeDetail', requestId: 1, nodeId: str(500) },
  { type: 'loadAll', requestId: Number.MAX_SAFE_INTEGER },
  { type: 'cancelLoad', requestId: 3 },
  { type: 'retry', requestId: 4 },
  { type: 'refresh', requestId: 5 },
  { type: 'setTail', requestId: 6, paused: false },
  { type: 'action', requestId: 7, action: 'showLog' },
  { type: 'writeAction', requestId: 8, action: 'approve', stepId: 'step_1' },
  { type: 'writeAction', requestId: 9, action: 'cancelExecution', stepId: null },
  { type: 'copyEvent', requestId: 8, seq: 0 },
  { type: 'openPayload', requestId: 9, seq: 12 },
  { type: 'savePrefs', prefs: DEFAULT_PREFS },
  { type: 'savePrefs', prefs },
  { type: 'savePrefs', prefs: { ...prefs, tab: 'graph' } },
  { type: 'probeResult', requestId: 1, stats: probeStats },
  {
    type: 'probeResult',
    requestId: 1,
    stats: { ...probeStats, detailText: str(300_000), foreignTags: Array(50).fill(str(200)) },
  },
  { type: 'log', level: 'info', message: str(LOG_MESSAGE_MAX) },
];

/** Values of every JSON kind and the edges of the protocol's number and string bounds. */
const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  PROTOCOL_VERSION + 1,
  '',
  '1',
  'loadMore',
  'export',
  'warn',
  'local',
  'martian',
  str(200),
  str(201),
  str(500),
  str(501),
  str(ENVIRONMENT_NAME_MAX + 1),
  str(EXECUTION_TEXT_BOUNDS.executionId + 1),
  str(LOG_MESSAGE_MAX + 1),
  str(5001),
  [],
  ['a'],
  [1],
  [undefined],
  Array(3),
  Array(51).fill('a'),
  Array(501).fill('a'),
  {},
  { received: 1 },
  DEFAULT_PREFS,
];

/** Each valid object with one field (at any depth) replaced, removed, or an unknown key added. */
function* variants(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      for (const v of variants(item)) yield value.map((x, j) => (j === i ? v : x));
    return;
  }
  if (typeof value !== 'object' || value === null) {
    yield* REPLACEMENTS;
    return;
  }
  const record = value as Record<string, unknown>;
  yield { ...record, extra: true };
  for (const key of Object.keys(record)) {
    const { [key]: _removed, ...rest } = record;
    yield rest;
    for (const v of variants(record[key])) yield { ...record, [key]: v };
  }
}

/** Inputs no webview can send (they do not survive the JSON round trip), where only agreement matters. */
const NON_JSON_INPUTS: unknown[] = [
  Object.assign(Object.create({ requestId: 1 }) as object, { type: 'loadMore' }),
  Object.assign(Object.create({ extra: 1 }) as object, { type: 'loadMore', requestId: 1 }),
  new Date(0),
  new Map([['type', 'loadMore']]),
];
const INVALID_MESSAGES: unknown[] = [
  null,
  undefined,
  42,
  'loadMore',
  [],
  {},
  [{ type: 'loadMore', requestId: 1 }],
  { type: 'nope' },
  { type: 'toString' },
  { type: '__proto__' },
  { type: 7 },
  { type: 'action', requestId: 1, action: 'workbench.action.quit' },
  { type: 'loadNodeDetail', requestId: 1, nodeId: str(501) },
  { type: 'loadNodeDetail', requestId: 1 },
  { type: 'savePrefs', prefs: { ...prefs, filters: { ...prefs.filters, types: [, 'a'] } } },
  JSON.parse('{"type":"loadMore","requestId":1,"__proto__":{"polluted":true}}'),
  JSON.parse(
    '{"type":"savePrefs","prefs":{"timeFormat":"utc","filters":{"types":[],"step":null,"text":"","failuresOnly":false},"__proto__":{}}}',
  ),
];

function agree(schema: z.ZodType, guard: (raw: unknown) => boolean, inputs: Iterable<unknown>): number {
  let checked = 0;
  for (const input of inputs) {
    const expected = schema.safeParse(input).success;
    assert.equal(
      guard(input),
      expected,
      `guard ${expected ? 'rejected' : 'accepted'} ${JSON.stringify(input)?.slice(0, 300)}`,
    );
    checked++;
  }
  return checked;
}

describe("the host's zod-free webview guards agree with the protocol's zod schemas", () => {
  it('on every message the webview sends and every variant of each', () => {
    const inputs = [
      ...VALID_MESSAGES,
      ...INVALID_MESSAGES,
      ...NON_JSON_INPUTS,
      ...VALID_MESSAGES.flatMap((m) => [...variants(m)]),
    ];
    const guard = (raw: unknown): boolean => parseWebviewMessage(raw).ok;
    assert.ok(agree(WebviewToHostSchema, guard, inputs) > 2000);
    for (const m of VALID_MESSAGES) assert.ok(guard(m), JSON.stringify(m).slice(0, 200));
    for (const m of INVALID_MESSAGES) {
      const result = parseWebviewMessage(m);
      assert.ok(!result.ok && result.reason.length > 0 && result.reason.length <= 300);
    }
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('on saved prefs', () => {
    const inputs = [DEFAULT_PREFS, prefs, null, undefined, 'utc', [], ...variants(prefs), ...variants(DEFAULT_PREFS)];
    assert.ok(agree(PrefsSchema, (raw) => parsePrefs(raw) !== null, inputs) > 100);
    assert.deepEqual(parsePrefs(prefs), prefs);
  });

  it("on a revived panel's persisted identity (other saved fields are ignored, as the schema strips them)", () => {
    const identity = { environment: str(ENVIRONMENT_NAME_MAX), executionId: 'exec_1' };
    const inputs = [
      identity,
      { ...identity, scroll: 12 },
      { environment: '', executionId: 'e' },
      null,
      'exec_1',
      ...variants(identity),
    ];
    assert.ok(agree(PersistedIdentitySchema, (raw) => parsePersistedIdentity(raw) !== null, inputs) > 50);
    assert.deepEqual(parsePersistedIdentity({ ...identity, scroll: 12 }), identity);
  });
});
