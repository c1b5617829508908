// Persisted view state and stale-reply handling.
import { strict as assert } from 'node:assert';
import { DEFAULT_FILTERS } from '../../../src/panel/protocol';
import { RequestTracker, readPersisted, sameFilters, toggleType } from '../../../src/webview/state';

describe('webview state', () => {
  it('reads what setState stored and repairs bad fields', () => {
    assert.equal(readPersisted(undefined), undefined);
    assert.equal(readPersisted({ executionId: 'x' }), undefined);
    const state = readPersisted({
      environment: 'E',
      executionId: 'X',
      scrollTop: 'high',
      selectedSeq: 7,
      filters: { types: 'all' },
      timeFormat: 'utc',
    });
    assert.deepEqual(state, {
      environment: 'E',
      executionId: 'X',
      scrollTop: 0,
      selectedSeq: 7,
      detailSeq: null,
      filters: undefined,
      timeFormat: 'utc',
    });
  });

  it('toggles types and compares filters', () => {
    const f = toggleType(toggleType(DEFAULT_FILTERS, 'step.failed'), 'execution.failed');
    assert.deepEqual(f.types, ['execution.failed', 'step.failed']);
    assert.deepEqual(toggleType(f, 'step.failed').types, ['execution.failed']);
    assert.ok(sameFilters(f, { ...f, types: [...f.types] }));
    assert.ok(!sameFilters(f, DEFAULT_FILTERS));
  });

  it('drops events and statuses from an older generation', () => {
    const t = new RequestTracker();
    assert.ok(t.adopt(0));
    assert.ok(t.acceptEvents(0));
    assert.ok(t.adopt(1));
    assert.equal(t.acceptEvents(0), false, 'events sent before a reset are dropped');
    assert.equal(t.acceptStatus(0, null), false);
    assert.equal(t.adopt(0), false, 'an older init is ignored');
    assert.ok(t.acceptEvents(1));
  });

  it('drops a reply older than the newest answered request', () => {
    const t = new RequestTracker();
    t.adopt(0);
    const a = t.next();
    const b = t.next();
    assert.ok(t.acceptStatus(0, b));
    assert.equal(t.acceptStatus(0, a), false, 'the reply to the earlier request arrived late');
    assert.ok(t.acceptStatus(0, null), 'unsolicited statuses (live tail) always apply');
  });
});
