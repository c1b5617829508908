import * as assert from 'node:assert/strict';
import { InFlightRequests } from '../../../src/api/inFlight';

/** A request the test settles by hand, recording whether it was aborted. */
function manualRequest(): {
  start: (signal: AbortSignal) => Promise<string>;
  resolve: (value: string) => void;
  starts: () => number;
  aborted: () => boolean;
} {
  let resolve!: (value: string) => void;
  let starts = 0;
  let signal: AbortSignal | undefined;
  return {
    start: (s) => {
      starts++;
      signal = s;
      return new Promise<string>((r) => (resolve = r));
    },
    resolve: (v) => resolve(v),
    starts: () => starts,
    aborted: () => signal?.aborted ?? false,
  };
}

describe('InFlightRequests', () => {
  it('callers asking for the same key meanwhile share one request, which is forgotten when it settles', async () => {
    const requests = new InFlightRequests<string>();
    const r = manualRequest();
    const a = requests.run('k', r.start);
    const b = requests.run('k', r.start);
    assert.equal(r.starts(), 1);
    assert.ok(requests.has('k'));
    r.resolve('value');
    assert.deepEqual(await Promise.all([a, b]), ['value', 'value']);
    assert.equal(requests.size, 0);
  });

  it('one caller aborting stops only its own wait; the last one aborting aborts the request', async () => {
    const requests = new InFlightRequests<string>();
    const r = manualRequest();
    const first = new AbortController();
    const second = new AbortController();
    const a = requests.run('k', r.start, first.signal);
    const b = requests.run('k', r.start, second.signal);
    first.abort();
    await assert.rejects(a, (e: Error & { kind?: string }) => e.kind === 'cancelled');
    assert.equal(r.aborted(), false, 'someone still waits');
    second.abort();
    await assert.rejects(b, (e: Error & { kind?: string }) => e.kind === 'cancelled');
    assert.equal(r.aborted(), true);
    assert.equal(requests.size, 0, 'a new caller starts afresh');
  });

  it('an already aborted signal rejects without starting anything', async () => {
    const requests = new InFlightRequests<string>();
    const r = manualRequest();
    await assert.rejects(
      requests.run('k', r.start, AbortSignal.abort()),
      (e: Error & { kind?: string }) => e.kind === 'cancelled',
    );
    assert.equal(r.starts(), 0);
  });

  it('abortAll aborts every request and forgets it', () => {
    const requests = new InFlightRequests<string>();
    const r = manualRequest();
    void requests.run('k', r.start).catch(() => undefined);
    requests.abortAll();
    assert.equal(r.aborted(), true);
    assert.equal(requests.size, 0);
  });
});
