// The comparison of one execution's stream with the ledger: missing events in order, duplicates,
// ledger lines that match no event, the --types filter, and unreadable events matched by seq only.
import * as assert from 'node:assert/strict';
import type { ExecutionEvent } from '../../../src/api';
import { ExecutionComparison, readLedger } from '../../../src/webhooks';

const EXEC = 'exec_1777374504255_xzy43k9q';

function event(seq: number, type = 'step.completed'): ExecutionEvent {
  return {
    eventId: `evt_${seq}`,
    seq,
    type,
    stepId: null,
    timestamp: 1_780_000_000_000 + seq,
    correlationId: 'c',
    data: null,
  };
}

async function ledgerOf(lines: object[]): Promise<Awaited<ReturnType<typeof readLedger>>> {
  return readLedger(
    (async function* () {
      yield lines.map((l) => JSON.stringify(l)).join('\n');
    })(),
  );
}

describe('webhooks: comparison', () => {
  it('returns the missing events in stream order and counts received, duplicates and unmatched lines', async () => {
    const ledger = await ledgerOf([
      { eventId: 'evt_1' },
      { executionId: EXEC, seq: 2 },
      { executionId: EXEC, seq: 2 },
      { eventId: 'evt_5', executionId: EXEC },
      { eventId: 'evt_5', executionId: EXEC },
      { eventId: 'evt_5', executionId: EXEC },
      { executionId: EXEC, seq: 99 },
      { eventId: 'evt_ghost', executionId: EXEC },
    ]);
    const comparison = new ExecutionComparison(ledger, EXEC);
    const firstPage = comparison.add([event(1), event(2), event(3)]);
    const secondPage = comparison.add([event(4), event(5), event(6)]);
    assert.deepEqual(
      [...firstPage, ...secondPage].map((e) => e.seq),
      [3, 4, 6],
    );
    assert.deepEqual(comparison.finish(), {
      executionId: EXEC,
      inStream: 6,
      received: 3,
      missing: 3,
      duplicates: 3,
      unmatched: 2,
    });
  });

  it('--types: only subscribed types are compared; lines for the others are not reported as unmatched', async () => {
    const ledger = await ledgerOf([
      { executionId: EXEC, seq: 1 },
      { executionId: EXEC, seq: 2 },
    ]);
    const comparison = new ExecutionComparison(ledger, EXEC, new Set(['execution.dispatched', 'execution.completed']));
    const missing = comparison.add([
      event(1, 'execution.dispatched'),
      event(2, 'step.completed'),
      event(3, 'step.awaiting-approval'),
      event(4, 'execution.completed'),
    ]);
    assert.deepEqual(
      missing.map((e) => e.type),
      ['execution.completed'],
    );
    assert.deepEqual(comparison.finish(), {
      executionId: EXEC,
      inStream: 2,
      received: 1,
      missing: 1,
      duplicates: 0,
      unmatched: 0,
    });
  });

  it('an unreadable event whose eventId is a placeholder is matched by seq only', async () => {
    const ledger = await ledgerOf([{ eventId: 'unreadable-7' }, { executionId: EXEC, seq: 8 }]);
    const unreadable = (seq: number): ExecutionEvent => ({
      ...event(seq),
      eventId: `unreadable-${seq}`,
      unreadable: { problem: 'eventId: missing', raw: '{}', placeholders: ['eventId'] },
    });
    const comparison = new ExecutionComparison(ledger, EXEC);
    assert.deepEqual(
      comparison.add([unreadable(7), unreadable(8)]).map((e) => e.seq),
      [7],
    );
    assert.equal(ledger.left, 1, 'the placeholder id matched nothing');
  });
});
