// The panel's timeline feed: posts are throttled while events stream in, SLAs come from the run's
// definition (with a note when its version differs or it cannot be read), a failed read is retried later.
import { strict as assert } from 'node:assert';
import type { DefinitionView } from '../../../../src/api';
import { ApiError } from '../../../../src/api/errors';
import type { TimelineModel, TimelineStepRow } from '../../../../src/panel/protocol';
import { DEFINITION_RETRY_MS, POST_DELAY_MS, TimelineFeed } from '../../../../src/panel/timeline/feed';
import { ManualClock, event } from '../fakes';

const definition = (version: number): DefinitionView => ({
  definitionId: 'def',
  name: 'Def',
  description: null,
  version,
  status: 'active',
  createdAt: null,
  updatedAt: null,
  tags: [],
  nodes: [
    { nodeId: 'review', type: 'human', name: null, description: null, slaMs: 60_000, config: {}, reviewers: [] },
    { nodeId: 'draft', type: 'agent', name: null, description: null, slaMs: null, config: {}, reviewers: [] },
  ],
  edges: [],
  groups: [],
  compiled: null,
  problems: [],
  skipped: 0,
});

const run = (version: number | null) => ({
  status: 'running',
  startedAt: 1_000_000,
  completedAt: null,
  cancelledAt: null,
  definitionId: 'def',
  definitionVersion: version,
  steps: [
    {
      stepId: 's1',
      nodeId: 'draft',
      nodeType: 'agent',
      status: 'completed',
      groupId: null,
      startedAt: 1_000_000,
      completedAt: 1_000_500,
    },
    {
      stepId: 's2',
      nodeId: 'review',
      nodeType: 'human',
      status: 'waiting',
      groupId: null,
      startedAt: 1_000_500,
      completedAt: null,
    },
  ],
});

function setup(getDefinition: () => Promise<DefinitionView>) {
  const clock = new ManualClock();
  const posted: (TimelineModel | null)[] = [];
  const warnings: string[] = [];
  let reads = 0;
  const feed = new TimelineFeed({
    api: {
      getDefinition: () => {
        reads++;
        return getDefinition();
      },
    },
    post: (t) => posted.push(t),
    warn: (m) => warnings.push(m),
    clock,
  });
  return { clock, posted, warnings, feed, reads: () => reads };
}

const review = (t: TimelineModel | null | undefined): TimelineStepRow =>
  t!.rows.find((r): r is TimelineStepRow => r.kind === 'step' && r.stepId === 's2')!;

describe('timeline feed', () => {
  it('posts one model per delay however many batches arrive, with SLA lines from the definition', async () => {
    const { clock, posted, feed, reads } = setup(() => Promise.resolve(definition(3)));
    feed.setExecution(run(3));
    for (let i = 1; i <= 50; i++) feed.addEvents([event(i)]);
    await clock.advance(POST_DELAY_MS - 1);
    assert.equal(posted.length, 0);
    await clock.advance(1);
    assert.equal(posted.length, 1);
    assert.equal(review(posted[0]).slaAt, 1_000_500 + 60_000);
    assert.equal(posted[0]!.slaNote, null);
    feed.setExecution(run(3));
    await clock.advance(POST_DELAY_MS);
    assert.equal(reads(), 1, 'the definition is read once');
    feed.dispose();
  });

  it('says when the SLAs come from another version of the definition', async () => {
    const { clock, posted, feed } = setup(() => Promise.resolve(definition(4)));
    feed.setExecution(run(2));
    await clock.advance(POST_DELAY_MS * 2); // the post after the definition arrived
    assert.match(posted.at(-1)!.slaNote ?? '', /current version 4; this run used version 2/);
  });

  it('says why SLA lines are missing when the definition cannot be read, and asks again later', async () => {
    let fail = true;
    const { clock, posted, warnings, feed, reads } = setup(() =>
      fail ? Promise.reject(new ApiError('notFound', 'Definition def was not found.')) : Promise.resolve(definition(3)),
    );
    feed.setExecution(run(3));
    await clock.advance(POST_DELAY_MS * 2);
    assert.equal(review(posted.at(-1)).slaAt, null);
    assert.match(posted.at(-1)!.slaNote ?? '', /could not be read \(Definition def was not found\.\)/);
    assert.equal(warnings.length, 1);
    fail = false;
    feed.setExecution(run(3));
    assert.equal(reads(), 1, 'not again at once');
    await clock.advance(DEFINITION_RETRY_MS);
    feed.setExecution(run(3));
    await clock.advance(POST_DELAY_MS * 2);
    assert.equal(reads(), 2);
    assert.equal(review(posted.at(-1)).slaAt, 1_000_500 + 60_000);
    assert.equal(posted.at(-1)!.slaNote, null);
  });

  it('flushes at once for a webview that just became ready (null before the header), and never after dispose', async () => {
    const { clock, posted, feed } = setup(() => Promise.resolve(definition(3)));
    feed.flush();
    assert.deepEqual(posted, [null]);
    feed.addEvents([event(1)]);
    feed.dispose();
    await clock.advance(POST_DELAY_MS * 2);
    feed.flush();
    assert.equal(posted.length, 1);
  });
});
