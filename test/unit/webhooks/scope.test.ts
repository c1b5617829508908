// The executions a window covers: the list paged by its startedAt cursor (newest first), runs outside the
// window left out, paging stopped once a page ends before the window, repeats at a page boundary yielded
// once, a list that only repeats itself ended with a warning; and the --since/--until time forms.
import * as assert from 'node:assert/strict';
import type { ExecutionListPage, ExecutionView, ListExecutionsRequest, WorkflowApi } from '../../../src/api';
import { executionsInScope, parseTimeBound, type ReconcileScope } from '../../../src/webhooks';
import { UnusedApi } from '../support/unusedApi';

function run(n: number): ExecutionView {
  return {
    executionId: `exec_${String(1_780_000_000_000 + n)}_${String(n).padStart(8, '0')}`,
    status: 'completed',
    startedAt: n * 1000,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'doc-signoff',
    definitionVersion: 1,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps: [],
  };
}

/** A list API over runs 1..total, newest first, cursor = last startedAt; `repeat` re-sends the boundary item. */
class ListApi extends UnusedApi {
  readonly requests: ListExecutionsRequest[] = [];
  private readonly all: ExecutionView[];

  constructor(
    total: number,
    private readonly options: { repeat?: boolean; stuck?: boolean } = {},
  ) {
    super();
    this.all = Array.from({ length: total }, (_, i) => run(total - i));
  }

  override listExecutions(request: ListExecutionsRequest): Promise<ExecutionListPage> {
    this.requests.push(request);
    const below = request.cursor === undefined ? Infinity : Number(request.cursor);
    const start = this.options.stuck
      ? 0
      : this.all.findIndex((r) => r.startedAt! < below || (this.options.repeat === true && r.startedAt! === below));
    const items = start < 0 ? [] : this.all.slice(start, start + request.pageSize!);
    const full = items.length === request.pageSize;
    return Promise.resolve({
      items,
      skipped: 0,
      skippedProblems: [],
      nextCursor: full ? String(items[items.length - 1]!.startedAt) : null,
    });
  }
}

async function collect(api: WorkflowApi, scope: ReconcileScope, warn?: (m: string) => void): Promise<number[]> {
  const seen: number[] = [];
  for await (const view of executionsInScope(api, scope, { pageSize: 3, warn })) seen.push(view.startedAt! / 1000);
  return seen;
}

const window = (since: number, until?: number): ReconcileScope => ({
  kind: 'window',
  since: since * 1000,
  until: until === undefined ? undefined : until * 1000,
  definitionId: 'doc-signoff',
  status: undefined,
});

describe('webhooks: scope', () => {
  it('pages newest first and stops once a page ends before the window', async () => {
    const api = new ListApi(40);
    assert.deepEqual(await collect(api, window(25, 33)), [33, 32, 31, 30, 29, 28, 27, 26, 25]);
    assert.equal(api.requests.length, 6, 'pages of 3 from run 40 down to run 24, then no more');
    assert.equal(api.requests[0]!.definitionId, 'doc-signoff');
    assert.equal(api.requests[1]!.cursor, String(38_000));
  });

  it('yields a run repeated at a page boundary once', async () => {
    assert.deepEqual(await collect(new ListApi(10, { repeat: true }), window(1)), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('a list that only repeats itself ends with a warning instead of looping', async () => {
    const warnings: string[] = [];
    const api = new ListApi(10, { stuck: true });
    assert.deepEqual(await collect(api, window(1), (m) => warnings.push(m)), [10, 9, 8]);
    assert.equal(api.requests.length, 2);
    assert.match(warnings[0]!, /added none/);
  });

  it('--since/--until take ISO 8601 or epoch ms', () => {
    assert.equal(parseTimeBound('1780000000000'), 1_780_000_000_000);
    assert.equal(parseTimeBound('2026-12-01T09:00:00Z'), Date.UTC(2026, 11, 1, 9));
    assert.equal(parseTimeBound('2026-12-01T09:00:00.250+01:00'), Date.UTC(2026, 11, 1, 8, 0, 0, 250));
    assert.equal(parseTimeBound('2026-12-01'), Date.UTC(2026, 11, 1));
    for (const bad of ['yesterday', '2026-13-01', '12/01/2026', '', '-5', '1.5'])
      assert.equal(parseTimeBound(bad), undefined, bad);
  });
});
