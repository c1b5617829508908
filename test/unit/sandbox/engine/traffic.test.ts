// The living sandbox: the seeded definitions compile at their versions, and traffic with simulated
// reviewers keeps at least one run live and something changing every 20 s, deterministically per seed.
import * as assert from 'node:assert/strict';
import { Actors } from '../../../../src/sandbox/engine/actors';
import { seededAgents } from '../../../../src/sandbox/engine/nodes';
import { SEEDED_DEFINITIONS, seedDefinitions } from '../../../../src/sandbox/engine/seedDefinitions';
import { startSandbox } from '../../../../src/sandbox/server';
import { Harness, T0 } from './harness';

function simulate(seed: number, minutes: number, check?: (h: Harness) => void): Harness {
  const h = new Harness({ agents: seededAgents(seed), seed });
  seedDefinitions(h.engine);
  new Actors(h.engine, seed).startTraffic();
  for (let t = 0; t < minutes * 60; t++) {
    h.tick(1000);
    check?.(h);
  }
  return h;
}

describe('sandbox engine: seeded definitions and traffic', function () {
  this.timeout(60_000);

  it('seeds every definition at its version', () => {
    const h = new Harness();
    seedDefinitions(h.engine);
    for (const { input, version } of SEEDED_DEFINITIONS) {
      const found = h.engine.definitions.active(input.definitionId);
      assert.ok(found && found !== 'tombstoned', input.definitionId);
      assert.equal(found.version, version);
    }
  });

  it('always has a live run, changes something every 20 s, bounds the live set, covers the constructs', () => {
    let maxLive = 0;
    let lastChange = T0;
    let longestQuiet = 0;
    let seen = 0;
    const h = simulate(7, 40, (sim) => {
      const runs = sim.engine.all();
      const live = runs.filter((r) => !r.terminal).length;
      assert.ok(live >= 1, `no live run at ${(sim.time - T0) / 1000} s`);
      maxLive = Math.max(maxLive, live);
      const events = runs.reduce((n, r) => n + r.log.length, 0);
      if (events !== seen) {
        seen = events;
        lastChange = sim.time;
      }
      longestQuiet = Math.max(longestQuiet, sim.time - lastChange);
    });
    assert.ok(longestQuiet <= 20_000, `quiet for ${longestQuiet} ms`);
    assert.ok(maxLive <= 13, `live set grew to ${maxLive}`);
    const runs = h.engine.all();
    assert.ok(runs.length >= 60, `${runs.length} runs in 40 minutes`);
    const types = new Set(runs.flatMap((r) => r.log.map((e) => e.type)));
    for (const type of [
      'group.quorum-met',
      'loop.iteration-started',
      'step.breached',
      'execution.cancelled',
      'execution.completed',
      'step.cancelled',
    ]) {
      assert.ok(types.has(type), `no ${type} in 40 minutes of traffic`);
    }
    const statuses = new Set<string>(runs.map((r) => r.status));
    for (const status of ['completed', 'cancelled', 'running']) assert.ok(statuses.has(status), `no ${status} run`);
  });

  it('is deterministic for a seed', () => {
    const digest = (h: Harness): string =>
      JSON.stringify(
        h.engine.all().map((r) => [r.executionId, r.status, r.log.map((e) => [e.type, e.stepId, e.timestamp])]),
      );
    assert.equal(digest(simulate(3, 5)), digest(simulate(3, 5)));
    assert.notEqual(digest(simulate(3, 5)), digest(simulate(4, 5)));
  });

  it('startSandbox({ traffic: true }) moves on its own (real clock, no requests needed); the default has no traffic', async () => {
    const quiet = await startSandbox({ port: 0 });
    const living = await startSandbox({ port: 0, traffic: true, timeScale: 50 });
    try {
      const engineRuns = (sb: typeof quiet): number => sb.engine.all().length;
      assert.equal(engineRuns(quiet), 3, 'only the three live seeded runs');
      const count = (): number => living.engine.all().reduce((n, r) => n + r.log.length, 0);
      const before = count();
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(count() > before, 'events were written between requests');
      assert.ok(engineRuns(living) > 3, 'traffic dispatched runs');
      assert.equal(engineRuns(quiet), 3);
    } finally {
      await quiet.close();
      await living.close();
    }
  });
});
