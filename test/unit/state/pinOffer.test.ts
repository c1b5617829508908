// The "Pin it?" offer after an open shows at most once per execution, across reopens and reloads.
import { strict as assert } from 'node:assert';
import { RecentlyOpened, type MementoLike } from '../../../src/state/recentlyOpened';

function memento(): MementoLike {
  const data = new Map<string, unknown>();
  return {
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: (key, value) => {
      data.set(key, JSON.parse(JSON.stringify(value)));
      return Promise.resolve();
    },
  };
}

const ID = 'exec_1793516400117_lwofay3k';

describe('Pin offer, once per execution', () => {
  it('is claimed once, survives reopening and a fresh store over the same memento', async () => {
    const state = memento();
    const recent = new RecentlyOpened(state);
    assert.equal(await recent.claimPinOffer('Sandbox', ID), false, 'not offered for an execution never opened');
    await recent.record('Sandbox', ID);
    assert.equal(await recent.claimPinOffer('Sandbox', ID), true);
    assert.equal(await recent.claimPinOffer('Sandbox', ID), false);
    await recent.record('Sandbox', ID);
    assert.equal(await recent.claimPinOffer('Sandbox', ID), false, 'reopening does not renew the offer');
    assert.equal(await new RecentlyOpened(state).claimPinOffer('Sandbox', ID), false, 'nor does a reload');
  });

  it('is per environment', async () => {
    const recent = new RecentlyOpened(memento());
    await recent.record('Sandbox', ID);
    await recent.record('Production', ID);
    assert.equal(await recent.claimPinOffer('Sandbox', ID), true);
    assert.equal(await recent.claimPinOffer('Production', ID), true);
  });
});
