// The Definitions view's paging bounds (src/tree/definitionsPaging.ts).
import * as assert from 'node:assert/strict';
import type { DefinitionListPage } from '../../../src/api';
import { addDefinitionsPage, emptyDefinitionList, MAX_LISTED_DEFINITIONS } from '../../../src/tree/definitionsPaging';
import { definition } from '../state/fixtures';

const page = (ids: string[], nextCursor: number | null, skipped = 0): DefinitionListPage => ({
  items: ids.map((definitionId) => definition([], { definitionId })),
  nextCursor,
  skipped,
  skippedProblems: skipped ? [`items.0.nodes: bad`] : [],
});

describe('definitions paging', () => {
  it('follows the cursor and ends on null', () => {
    let list = addDefinitionsPage(emptyDefinitionList(), page(['a', 'b'], 500));
    assert.equal(list.cursor, 500);
    list = addDefinitionsPage(list, page(['c'], null));
    assert.deepEqual(
      list.items.map((d) => d.definitionId),
      ['a', 'b', 'c'],
    );
    assert.equal(list.cursor, null);
    assert.equal(list.stopped, 'none');
  });

  it('drops repeats, and stops when a page adds nothing new although more is announced (a cursor loop)', () => {
    let list = addDefinitionsPage(emptyDefinitionList(), page(['a', 'b'], 500));
    list = addDefinitionsPage(list, page(['b', 'c'], 400));
    assert.deepEqual(
      list.items.map((d) => d.definitionId),
      ['a', 'b', 'c'],
    );
    assert.equal(list.cursor, 400);
    list = addDefinitionsPage(list, page(['a', 'c'], 400));
    assert.equal(list.cursor, null);
    assert.equal(list.stopped, 'noProgress');
  });

  it('stops at the size cap whatever the server announces', () => {
    const ids = Array.from({ length: MAX_LISTED_DEFINITIONS + 10 }, (_, i) => `def-${i}`);
    const list = addDefinitionsPage(emptyDefinitionList(), page(ids, 1));
    assert.equal(list.items.length, MAX_LISTED_DEFINITIONS);
    assert.equal(list.cursor, null);
    assert.equal(list.stopped, 'cap');
  });

  it('counts unreadable items across pages, keeping the first few problems', () => {
    let list = addDefinitionsPage(emptyDefinitionList(), page(['a'], 9, 2));
    list = addDefinitionsPage(list, page(['b'], null, 1));
    assert.equal(list.unreadable.count, 3);
    assert.equal(list.unreadable.problems.length, 2);
  });
});
