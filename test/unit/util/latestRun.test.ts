import * as assert from 'node:assert/strict';
import { LatestRun } from '../../../src/util/latestRun';

/** A promise the test resolves by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestRun', () => {
  it('a slow read overtaken by a newer run does not apply its answer', async () => {
    const runs = new LatestRun();
    const applied: string[] = [];
    const slow = deferred<string>();
    const first = runs.run(
      () => slow.promise,
      (v) => void applied.push(v),
    );
    const second = runs.run(
      () => 'new',
      (v) => void applied.push(v),
    );
    await second;
    slow.resolve('old');
    await first;
    assert.deepEqual(applied, ['new']);
  });

  it('an overtaken run resolves only once the newer run has applied', async () => {
    const runs = new LatestRun();
    const applied: string[] = [];
    const newer = deferred<string>();
    const first = runs.run(
      () => 'old',
      (v) => void applied.push(v),
    );
    const second = runs.run(
      () => newer.promise,
      (v) => void applied.push(v),
    );
    let firstDone = false;
    const watched = first.then(() => (firstDone = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(firstDone, false, 'still waiting for the newer answer');
    newer.resolve('new');
    await Promise.all([watched, second]);
    assert.deepEqual(applied, ['new']);
  });

  it('settled() waits for the latest run, including one started while waiting', async () => {
    const runs = new LatestRun();
    await runs.settled(); // nothing running: at once
    const a = deferred<number>();
    const b = deferred<number>();
    let applied = 0;
    const first = runs.run(
      () => a.promise,
      (v) => void (applied = v),
    );
    let settled = false;
    const waiting = runs.settled().then(() => (settled = true));
    const second = runs.run(
      () => b.promise,
      (v) => void (applied = v),
    );
    a.resolve(1);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'the second run is still reading');
    b.resolve(2);
    await Promise.all([waiting, first, second]);
    assert.equal(applied, 2);
  });

  it('a failing read rejects its own run and leaves settled() usable', async () => {
    const runs = new LatestRun();
    await assert.rejects(
      runs.run(
        () => Promise.reject(new Error('keychain')),
        () => undefined,
      ),
      /keychain/,
    );
    await runs.settled();
  });
});
