// Open Execution's quick pick: ids extracted from typed or pasted text, the hint when there is none,
// pinned and recently opened executions; and the recently-opened list over a Memento.
import { strict as assert } from 'node:assert';
import { pickerEntries, type PickSources } from '../../../src/commands/pickerItems';
import {
  MAX_RECENT,
  RecentlyOpened,
  withRecent,
  type MementoLike,
  type RecentEntry,
} from '../../../src/state/recentlyOpened';

const ID = 'exec_1777374504255_xzy43k9q';
const OTHER = 'exec_1793516400117_lwofay3k';
const NOW = 1_800_000_000_000;

function sources(partial: Partial<PickSources> = {}): PickSources {
  return { pinned: [], recent: [], known: () => undefined, now: NOW, ...partial };
}

class MemoryMemento implements MementoLike {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('commands/pickerItems', () => {
  it('offers the id typed or pasted, and ids found in URLs, log lines and JSON', () => {
    for (const value of [
      ID,
      `  ${ID}\n`,
      `https://console.velt.dev/executions/${ID}?tab=events`,
      `INFO executionId=${ID} done`,
      JSON.stringify({ executionId: ID }),
    ]) {
      const [first] = pickerEntries(value, sources());
      assert.equal(first?.kind, 'found', value);
      assert.equal(first?.executionId, ID);
      assert.equal(first?.alwaysShow, true, 'stays visible although the filter text does not match the label');
    }
  });

  it('offers every distinct id in pasted text, up to five', () => {
    const found = pickerEntries(`${ID} ${OTHER} ${ID}`, sources()).filter((e) => e.kind === 'found');
    assert.deepEqual(
      found.map((e) => e.executionId),
      [ID, OTHER],
    );
    const many = Array.from({ length: 8 }, (_, i) => `exec_177737450425${i}_abcdefgh`).join(' ');
    assert.equal(pickerEntries(many, sources()).filter((e) => e.kind === 'found').length, 5);
  });

  it('explains what is wrong when the text holds no valid id', () => {
    const partial = pickerEntries('exec_17773745', sources());
    assert.equal(partial[0]?.kind, 'hint');
    assert.match(partial[0]!.label, /Not a complete execution ID/);
    assert.match(partial[0]!.detail!, /13-digit/);
    const prose = pickerEntries('hello world', sources());
    assert.match(prose[0]!.label, /No execution ID found/);
    assert.equal(prose[0]!.executionId, undefined, 'accepting the hint opens nothing');
    for (const near of [`x${ID}`, ID.toUpperCase(), 'exec_1777374504255_abc']) {
      assert.equal(pickerEntries(near, sources())[0]?.kind, 'hint', near);
    }
  });

  it('lists pinned then recently opened executions with their status, without duplicates', () => {
    const recent: RecentEntry[] = [
      { executionId: OTHER, definitionId: 'doc-signoff', status: 'running', openedAt: NOW - 120_000 },
      { executionId: ID, definitionId: 'old-name', status: 'running', openedAt: NOW - 60_000 },
    ];
    const entries = pickerEntries(
      '',
      sources({
        pinned: [ID],
        recent,
        known: (id) => (id === ID ? { definitionId: 'marketing-copy-approval', status: 'completed' } : undefined),
      }),
    );
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['separator', 'pinned', 'separator', 'recent'],
    );
    assert.equal(
      entries[1]!.label,
      '$(pass-filled) marketing-copy-approval',
      'the store copy is fresher than the recorded one',
    );
    assert.equal(entries[1]!.description, ID);
    assert.equal(entries[3]!.label, '$(sync) doc-signoff');
    assert.equal(entries[3]!.detail, 'opened 2m ago · Running');
  });

  it('shows a starting hint when there is nothing to list', () => {
    const [only, ...rest] = pickerEntries('', sources());
    assert.deepEqual(rest, []);
    assert.equal(only!.kind, 'hint');
  });

  it('withRecent puts the newest first, once, and keeps the last 20', () => {
    let list: RecentEntry[] = [];
    for (let i = 0; i < 25; i++)
      list = withRecent(list, { executionId: `exec_17773745042${String(i).padStart(2, '0')}_abcdefgh`, openedAt: i });
    list = withRecent(list, { executionId: 'exec_1777374504210_abcdefgh', openedAt: 99 });
    assert.equal(list.length, MAX_RECENT);
    assert.equal(list[0]!.openedAt, 99);
    assert.equal(list.filter((e) => e.executionId === 'exec_1777374504210_abcdefgh').length, 1);
  });

  it('RecentlyOpened keeps a list per environment and ignores corrupt state', async () => {
    const memento = new MemoryMemento();
    let now = 1;
    const recent = new RecentlyOpened(memento, () => now++);
    await recent.record('Production', ID);
    await recent.record('Sandbox (local)', OTHER);
    await recent.record('Production', OTHER);
    assert.deepEqual(
      recent.list('Production').map((e) => e.executionId),
      [OTHER, ID],
    );
    assert.deepEqual(
      recent.list('Sandbox (local)').map((e) => e.executionId),
      [OTHER],
    );
    await recent.remove('Production', OTHER);
    assert.deepEqual(
      recent.list('Production').map((e) => e.executionId),
      [ID],
    );
    await memento.update('velt.recentlyOpened.v1', {
      Production: [42, { executionId: ID }, { executionId: OTHER, openedAt: 5 }],
      Staging: 'x',
    });
    assert.deepEqual(
      recent.list('Production').map((e) => e.executionId),
      [OTHER],
    );
    assert.deepEqual(recent.list('Staging'), []);
  });
});
