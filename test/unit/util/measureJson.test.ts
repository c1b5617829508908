// measureJson has a shallow fast path (plain recursion for ordinary JSON) and the full walk (its own stack,
// any depth, budgets, cycles). Whichever answers, the figures must be those of JSON.stringify and of the
// full walk: the panel trims and batches events by them.
import { strict as assert } from 'node:assert';
import { measureJson, toJsonText } from '../../../src/util/json';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { k: value } : [value];
  return value;
}

const VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1.5,
  -12,
  1e21,
  12345678901234567890,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'plain',
  'quote " and backslash \\',
  'tab\there, newline\n, nul\u0000, del\u007f',
  'é, 漢字, emoji 😀',
  'lone \ud800 surrogate',
  'lone \udc00 low surrogate',
  {},
  [],
  { mode: 'async', round: 3, callbackTimeoutMs: 600000 },
  { 'key "quoted"': [1, 'two', null, { three: [true, false] }], '\ud83d\ude00': 'x' },
  [[[[]]], {}, [{}]],
  nested(31),
  nested(32),
  nested(33),
  nested(600),
];

describe('util: measureJson', () => {
  it('counts what JSON.stringify writes and the nesting depth, shallow or deep', () => {
    for (const value of VALUES) {
      const label = toJsonText(value).slice(0, 60);
      const measured = measureJson(value);
      assert.equal(measured.complete, true, label);
      assert.equal(measured.circular, false, label);
      assert.equal(measured.chars, JSON.stringify(value).length, label);
      assert.equal(measured.chars, toJsonText(value).length, label);
    }
    assert.equal(measureJson('x').depth, 0);
    assert.equal(measureJson({}).depth, 1);
    assert.equal(measureJson({ a: [1, { b: 2 }] }).depth, 3);
    assert.equal(measureJson(nested(31)).depth, 31);
    assert.equal(measureJson(nested(33)).depth, 33);
    assert.equal(measureJson(nested(600)).depth, 600);
  });

  it('stops past the budget as the full walk does (incomplete, never a short count)', () => {
    const value = { a: 'x'.repeat(100), b: [1, 2, 3] };
    const size = JSON.stringify(value).length;
    assert.deepEqual(measureJson(value, size), { depth: 2, complete: true, circular: false, chars: size });
    const cut = measureJson(value, size - 1);
    assert.equal(cut.complete, false);
    assert.ok(cut.chars > size - 1);
  });

  it('leaves what JSON does not hold plainly to the full walk: toJSON, undefined, cycles', () => {
    assert.equal(measureJson({ d: new Date(0) }).chars, JSON.stringify({ d: new Date(0) }).length);
    assert.equal(measureJson({ a: undefined, b: 1 }).chars, JSON.stringify({ a: undefined, b: 1 }).length);
    assert.equal(measureJson([undefined, 1]).chars, JSON.stringify([undefined, 1]).length);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle['self'] = cycle;
    assert.equal(measureJson(cycle).circular, true);
  });
});
