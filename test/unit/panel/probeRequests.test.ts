// A probe of a panel's webview resolves with its answer, or undefined when none comes in time; a late or
// unknown answer is dropped.
import { strict as assert } from 'node:assert';
import { ProbeRequests } from '../../../src/panel/probeRequests';
import type { HostToWebview, ProbeStats } from '../../../src/panel/protocol';

const stats = { received: 3 } as unknown as ProbeStats;

describe('panel/ProbeRequests', () => {
  it('posts a numbered probe and resolves with its answer', async () => {
    const probes = new ProbeRequests();
    const posted: HostToWebview[] = [];
    const first = probes.ask((m) => posted.push(m), 1_000);
    const second = probes.ask((m) => posted.push(m), 1_000);
    assert.deepEqual(posted, [
      { type: 'probe', requestId: 1 },
      { type: 'probe', requestId: 2 },
    ]);
    probes.answer(2, stats);
    probes.answer(99, stats); // nobody asked
    assert.equal(await second, stats);
    probes.answer(1, stats);
    assert.equal(await first, stats);
  });

  it('resolves undefined when no answer comes in time, and drops the late one', async () => {
    const probes = new ProbeRequests();
    const asked = probes.ask(() => undefined, 10);
    assert.equal(await asked, undefined);
    probes.answer(1, stats);
  });
});
