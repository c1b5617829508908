// The editor's reconciliation result: per execution its counts and missing events (in stream order), the
// cap on what is kept, and the export lines, which are the CLI's NDJSON records.
import * as assert from 'node:assert/strict';
import { eventRecord, type ExecutionEvent, type ExecutionView } from '../../../src/api';
import { ReconcileReport } from '../../../src/deliveries/reconcileReport';

const execution = (executionId: string): ExecutionView =>
  ({ executionId, definitionId: 'doc-signoff' }) as unknown as ExecutionView;

const event = (seq: number, extra: Partial<ExecutionEvent> = {}): ExecutionEvent => ({
  eventId: `evt_${seq}`,
  seq,
  type: 'step.completed',
  stepId: 'review',
  timestamp: 1_800_000_000_000 + seq,
  correlationId: null,
  data: { seq },
  ...extra,
});

const summary = (executionId: string, missing: number) => ({
  executionId,
  inStream: 5,
  received: 5 - missing,
  missing,
  duplicates: 1,
  unmatched: 0,
});

describe('ReconcileReport', () => {
  const ledger = { lines: 10, badLines: 0, problems: [] };

  it('keeps each execution once, its missing events in order, and counts executions with none missing', () => {
    const report = new ReconcileReport('Sandbox', 'pinned', 'ledger.jsonl', ledger);
    report.addMissing([event(1), event(2)], execution('exec_a'));
    report.addMissing([event(4)], execution('exec_a'));
    report.finishExecution(summary('exec_a', 3), execution('exec_a'));
    report.finishExecution(summary('exec_b', 0), execution('exec_b'));
    assert.deepEqual(
      report.executions.map((e) => [e.executionId, e.definitionId, e.missing.map((m) => m.seq), e.summary?.missing]),
      [
        ['exec_a', 'doc-signoff', [1, 2, 4], 3],
        ['exec_b', 'doc-signoff', [], 0],
      ],
    );
    assert.equal(report.missingKept, 3);
    assert.ok(report.complete);
  });

  it('stops keeping events at the cap, and says it is incomplete', () => {
    const report = new ReconcileReport('Sandbox', 'pinned', 'ledger.jsonl', ledger, 3);
    report.addMissing([event(1), event(2)], execution('exec_a'));
    report.addMissing([event(3), event(4)], execution('exec_b'));
    assert.equal(report.missingKept, 3);
    assert.equal(report.notKept, 1);
    assert.equal(report.complete, false);
  });

  it('exports one line per missing event, each the record the CLI prints', () => {
    const report = new ReconcileReport('Sandbox', 'pinned', 'ledger.jsonl', ledger);
    const unreadable = event(9, {
      unreadable: { problem: 'bad type', raw: '{"seq":9}', placeholders: ['type'] },
    } as Partial<ExecutionEvent>);
    report.addMissing([event(1), unreadable], execution('exec_a'));
    const lines = [...report.jsonLines()];
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.endsWith('\n')));
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      [event(1), unreadable].map((e) => JSON.parse(JSON.stringify(eventRecord(e))) as unknown),
    );
    assert.equal((JSON.parse(lines[1]!) as { type?: string }).type, undefined, 'placeholders are left out');
  });
});
