// The credential store binds each pair to the origin it was given for, migrates entries stored before
// that conservatively (user-settings base URL only, else signed out), and never trusts a stored origin
// that is not in normalised form.
import { strict as assert } from 'node:assert';
import { CredentialVault, SECRET_PREFIX, type SecretBackend } from '../../../src/auth/credentialVault';

/** In-memory SecretStorage: what is stored, and every write. */
class FakeSecrets implements SecretBackend {
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.writes.push(key);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

const PAIR = { apiKey: 'ak_live_SECRET', authToken: 'at_SECRET' };

function vault(userBaseUrls: Record<string, string> = {}) {
  const secrets = new FakeSecrets();
  const logs: string[] = [];
  const store = new CredentialVault(secrets, {
    legacyBaseUrl: (env) => userBaseUrls[env],
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  return { secrets, logs, store };
}

describe('credential store: origin binding', () => {
  it('stores the pair with the normalised origin of the base URL it was set for', async () => {
    const { secrets, store } = vault();
    const bound = await store.set('Production', PAIR, 'https://API.Velt.dev:443/v2/');
    assert.deepEqual(bound, { ...PAIR, origin: 'https://api.velt.dev' });
    assert.deepEqual(JSON.parse(secrets.values.get(`${SECRET_PREFIX}Production`)!), {
      ...PAIR,
      origin: 'https://api.velt.dev',
    });
    assert.deepEqual(await store.get('Production'), { ...PAIR, origin: 'https://api.velt.dev' });
  });

  it('keeps the port in the origin (another port is another host)', async () => {
    const { store } = vault();
    assert.equal((await store.set('Local', PAIR, 'http://localhost:8080/api')).origin, 'http://localhost:8080');
    assert.equal((await store.set('Local', PAIR, 'http://127.0.0.1')).origin, 'http://127.0.0.1');
  });

  it('refuses to bind a pair to a base URL it could never be sent to', async () => {
    const { secrets, store } = vault();
    await assert.rejects(
      store.set('Insecure', PAIR, 'http://example.com'),
      (e: Error & { kind?: string }) => e.kind === 'insecureUrl',
    );
    await assert.rejects(
      store.set('Broken', PAIR, 'not a url'),
      (e: Error & { kind?: string }) => e.kind === 'insecureUrl',
    );
    assert.equal(secrets.values.size, 0);
  });

  it('binds an entry stored before origins to the base URL in the user settings, once, and writes that back', async () => {
    const { secrets, logs, store } = vault({ Production: 'https://api.velt.dev' });
    secrets.values.set(`${SECRET_PREFIX}Production`, JSON.stringify(PAIR));
    assert.deepEqual(await store.get('Production'), { ...PAIR, origin: 'https://api.velt.dev' });
    assert.deepEqual(JSON.parse(secrets.values.get(`${SECRET_PREFIX}Production`)!), {
      ...PAIR,
      origin: 'https://api.velt.dev',
    });
    assert.ok(logs.some((l) => l.startsWith('info:') && l.includes('https://api.velt.dev')));
    assert.ok(
      !logs.join('\n').includes(PAIR.apiKey) && !logs.join('\n').includes(PAIR.authToken),
      'no secret in the log',
    );
    // Bound for good: a later change of the user's base URL does not move the pair along with it.
    const writes = secrets.writes.length;
    const later = new CredentialVault(secrets, {
      legacyBaseUrl: () => 'https://elsewhere.example',
      log: () => undefined,
    });
    assert.equal((await later.get('Production'))?.origin, 'https://api.velt.dev');
    assert.equal(secrets.writes.length, writes, 'no second migration');
  });

  it('treats an entry stored before origins as signed out when the user settings name no usable base URL', async () => {
    for (const userBaseUrls of [{}, { Staging: 'http://example.com' }] as Record<string, string>[]) {
      const { secrets, logs, store } = vault(userBaseUrls);
      const raw = JSON.stringify(PAIR);
      secrets.values.set(`${SECRET_PREFIX}Staging`, raw);
      assert.equal(await store.get('Staging'), undefined);
      assert.equal(secrets.values.get(`${SECRET_PREFIX}Staging`), raw, 'left as it was');
      assert.ok(
        logs.some((l) => l.startsWith('warn:') && /set credentials again/.test(l)),
        logs.join('\n'),
      );
    }
  });

  it('ignores entries whose origin is not a normalised origin, and unreadable entries', async () => {
    const { secrets, store } = vault({ Production: 'https://api.velt.dev' });
    const bad = [
      { ...PAIR, origin: 'https://api.velt.dev/' },
      { ...PAIR, origin: 'https://API.velt.dev' },
      { ...PAIR, origin: 'https://api.velt.dev:443' },
      { ...PAIR, origin: 'http://example.com' },
      { ...PAIR, origin: 42 },
      { ...PAIR, origin: null },
      { apiKey: '', authToken: 'x', origin: 'https://api.velt.dev' },
    ];
    for (const entry of bad) {
      secrets.values.set(`${SECRET_PREFIX}Production`, JSON.stringify(entry));
      assert.equal(await store.get('Production'), undefined, JSON.stringify(entry));
    }
    secrets.values.set(`${SECRET_PREFIX}Production`, '{not json');
    assert.equal(await store.get('Production'), undefined);
  });

  it('clears one environment and keeps the others', async () => {
    const { store } = vault();
    await store.set('A', PAIR, 'https://a.example');
    await store.set('B', PAIR, 'https://b.example');
    await store.clear('A');
    assert.equal(await store.get('A'), undefined);
    assert.equal((await store.get('B'))?.origin, 'https://b.example');
  });
});
