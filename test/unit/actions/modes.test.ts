import * as assert from 'node:assert/strict';
import { ActionModes, MODES_KEY } from '../../../src/actions/modes';
import { ReviewerMemory, reviewerChoices } from '../../../src/actions/actors';
import { MapMemento } from './memento';

const sandbox = { name: 'Sandbox (local)', baseUrl: 'http://127.0.0.1:4123', isSandbox: true };
const prod = { name: 'Production', baseUrl: 'https://api.velt.dev', isSandbox: false };

describe('actions: guard rails (actions mode per environment)', () => {
  it('is off by default everywhere except the sandbox', () => {
    const modes = new ActionModes(new MapMemento());
    assert.equal(modes.modeOf(sandbox), 'confirm');
    assert.equal(modes.modeOf(prod), 'off');
    assert.equal(modes.modeOf({ name: 'Staging', baseUrl: undefined, isSandbox: false }), 'off');
  });

  it('enabling one environment leaves the others off and notifies', async () => {
    const modes = new ActionModes(new MapMemento());
    let changes = 0;
    modes.onDidChange(() => changes++);
    await modes.setMode(prod, 'confirm');
    assert.equal(modes.isEnabled(prod), true);
    assert.equal(modes.isEnabled({ name: 'Staging', baseUrl: 'https://staging.example', isSandbox: false }), false);
    assert.equal(changes, 1);
    await modes.setMode(sandbox, 'off');
    assert.equal(modes.isEnabled(sandbox), false);
  });

  it('re-pointing an environment at another host turns its actions off again', async () => {
    const modes = new ActionModes(new MapMemento());
    await modes.setMode(prod, 'confirm');
    assert.equal(modes.modeOf({ ...prod, baseUrl: 'https://api.velt.dev/v2' }), 'confirm', 'same origin');
    assert.equal(modes.modeOf({ ...prod, baseUrl: 'https://evil.example' }), 'off');
  });

  it('the sandbox keeps its mode across ports (it gets a new one each start)', async () => {
    const modes = new ActionModes(new MapMemento());
    await modes.setMode(sandbox, 'off');
    assert.equal(modes.modeOf({ ...sandbox, baseUrl: 'http://127.0.0.1:5999' }), 'off');
  });

  it('ignores damaged stored state', () => {
    const memento = new MapMemento();
    memento.values.set(MODES_KEY, ['confirm']);
    assert.equal(new ActionModes(memento).modeOf(prod), 'off');
    memento.values.set(MODES_KEY, { [`Production\u0000https://api.velt.dev`]: 'yes' });
    assert.equal(new ActionModes(memento).modeOf(prod), 'off');
  });
});

describe('actions: who acts', () => {
  it('offers the declared reviewers, mandatory first, with remembered ones picked', () => {
    const choices = reviewerChoices(
      [
        { userId: 'bob', mandatory: false },
        { userId: 'ann', mandatory: true },
      ],
      { reviewerIds: ['zed'] },
      ['bob'],
    );
    assert.deepEqual(choices, [
      { userId: 'ann', mandatory: true, picked: false },
      { userId: 'bob', mandatory: false, picked: true },
    ]);
  });

  it("falls back to the step output's reviewerIds, ignoring junk and duplicates", () => {
    assert.deepEqual(reviewerChoices(undefined, { reviewerIds: ['a', 3, '', 'a', 'b'] }, []), [
      { userId: 'a', mandatory: undefined, picked: false },
      { userId: 'b', mandatory: undefined, picked: false },
    ]);
    assert.deepEqual(reviewerChoices([], {}, []), []);
  });

  it('remembers the latest choice per environment', async () => {
    const memory = new ReviewerMemory(new MapMemento());
    await memory.remember('Sandbox (local)', ['ann', 'ann', 'bob']);
    await memory.remember('Production', ['carl']);
    assert.deepEqual(memory.recall('Sandbox (local)'), ['ann', 'bob']);
    await memory.remember('Sandbox (local)', ['bob']);
    assert.deepEqual(memory.recall('Sandbox (local)'), ['bob']);
    assert.deepEqual(memory.recall('Production'), ['carl']);
    assert.deepEqual(memory.recall('Elsewhere'), []);
  });
});
