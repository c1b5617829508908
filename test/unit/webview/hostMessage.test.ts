// The webview's one check of what its host sends: a known `type`, nothing more; anything else is ignored.
import { strict as assert } from 'node:assert';
import { HOST_MESSAGE_TYPES } from '../../../src/panel/protocol';
import { readHostMessage } from '../../../src/webview/hostMessage';

describe('webview: host message check', () => {
  it('passes every message type the host sends, as it is', () => {
    for (const type of [
      'init',
      'execution',
      'events',
      'status',
      'probe',
      'focusStep',
      'showTab',
      'graph',
      'graphStatus',
      'nodeDetail',
      'selectNode',
      'timeline',
      'focusEvent',
      'definition',
    ]) {
      const message = { type, anything: [1] };
      assert.equal(readHostMessage(message), message, type);
    }
    assert.equal(HOST_MESSAGE_TYPES.length, 14);
  });

  it('ignores anything else without throwing', () => {
    const odd: unknown[] = [
      undefined,
      null,
      0,
      'init',
      [],
      ['init'],
      {},
      { type: null },
      { type: 42 },
      { type: 'INIT' },
      { type: 'execute' },
      { type: 'toString' },
      { type: '__proto__' },
      Object.create(null) as unknown,
      { type: { toString: () => 'init' } },
    ];
    for (const raw of odd) assert.equal(readHostMessage(raw), undefined, String(JSON.stringify(raw)));
  });
});
