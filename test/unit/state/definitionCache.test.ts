// DefinitionCache: one request per environment + id + version, shared while in flight, bounded.
import * as assert from 'node:assert/strict';
import type { CallOptions, DefinitionView } from '../../../src/api';
import { DefinitionCache } from '../../../src/state/definitionCache';
import { definition } from './fixtures';

class FakeDefinitions {
  calls: string[] = [];
  version = 3;
  fail = false;
  async getDefinition(definitionId: string, options?: CallOptions): Promise<DefinitionView> {
    this.calls.push(`${options?.environment}:${definitionId}`);
    await new Promise((r) => setTimeout(r, 1));
    if (this.fail) throw new Error('boom');
    return definition([], { definitionId, version: this.version });
  }
}

describe('definition cache', () => {
  it('fetches a definition once per version, sharing the request in flight', async () => {
    const api = new FakeDefinitions();
    const cache = new DefinitionCache(api);
    const [a, b] = await Promise.all([cache.get('Sandbox', 'doc', 3), cache.get('Sandbox', 'doc', 3)]);
    assert.equal(a, b);
    await cache.get('Sandbox', 'doc', 3);
    await cache.get('Sandbox', 'doc', null);
    assert.deepEqual(api.calls, ['Sandbox:doc']);
    await cache.get('Production', 'doc', 3);
    assert.deepEqual(api.calls, ['Sandbox:doc', 'Production:doc']);
  });

  it('answers an older version with the current one, and does not ask again for it', async () => {
    const api = new FakeDefinitions();
    const cache = new DefinitionCache(api);
    const view = await cache.get('Sandbox', 'doc', 1);
    assert.equal(view.version, 3);
    await cache.get('Sandbox', 'doc', 1);
    assert.equal(api.calls.length, 1);
    assert.equal(cache.peek('Sandbox', 'doc', null)?.version, 3);
  });

  it('a new version is fetched; definitions/list items prime it', async () => {
    const api = new FakeDefinitions();
    const cache = new DefinitionCache(api);
    cache.put('Sandbox', definition([], { definitionId: 'doc', version: 4 }));
    assert.equal((await cache.get('Sandbox', 'doc', 4)).version, 4);
    assert.equal(api.calls.length, 0);
    await cache.get('Sandbox', 'doc', 5);
    assert.equal(api.calls.length, 1);
  });

  it('does not remember failures, and stays within its bound', async () => {
    const api = new FakeDefinitions();
    const cache = new DefinitionCache(api, 3);
    api.fail = true;
    await assert.rejects(cache.get('Sandbox', 'doc', 3), /boom/);
    api.fail = false;
    await cache.get('Sandbox', 'doc', 3);
    assert.equal(api.calls.length, 2);
    for (const id of ['a', 'b', 'c', 'd']) cache.put('Sandbox', definition([], { definitionId: id }));
    assert.equal(cache.size, 3);
    assert.equal(cache.peek('Sandbox', 'doc', 3), undefined, 'the oldest entry went first');
  });
});
