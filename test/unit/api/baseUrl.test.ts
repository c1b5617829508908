// Base URLs: https everywhere, plain http only for loopback; normalised without trailing / or /v2.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../../src/api/errors';
import { DEFAULT_BASE_URL, isLoopbackHost, normaliseBaseUrl } from '../../../src/api/baseUrl';

function insecure(input: string): ApiError {
  try {
    normaliseBaseUrl(input);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.kind, 'insecureUrl');
    return error;
  }
  assert.fail(`expected ${input} to be refused`);
}

describe('api/baseUrl', () => {
  it('keeps the default as it is', () => {
    assert.equal(normaliseBaseUrl(DEFAULT_BASE_URL), 'https://api.velt.dev');
  });

  for (const [input, expected] of [
    ['https://api.velt.dev/', 'https://api.velt.dev'],
    ['https://api.velt.dev/v2', 'https://api.velt.dev'],
    ['https://api.velt.dev/v2/', 'https://api.velt.dev'],
    ['  https://api.velt.dev  ', 'https://api.velt.dev'],
    ['HTTPS://API.VELT.DEV', 'https://api.velt.dev'],
    ['https://proxy.example.com/velt/v2//', 'https://proxy.example.com/velt'],
    ['https://api.velt.dev:8443/', 'https://api.velt.dev:8443'],
    ['https://api.velt.dev/?q=1#frag', 'https://api.velt.dev'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://127.0.0.1:4010/v2/', 'http://127.0.0.1:4010'],
    ['http://127.1.2.3', 'http://127.1.2.3'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['http://LOCALHOST:1', 'http://localhost:1'],
  ] as const) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(normaliseBaseUrl(input), expected);
    });
  }

  for (const input of [
    'http://api.velt.dev',
    'http://localhost.evil.com',
    'http://127.0.0.1.nip.io',
    'http://10.0.0.1',
    'http://0.0.0.0:4010',
    'ftp://api.velt.dev',
    'file:///etc/passwd',
    'ws://localhost:1',
  ]) {
    it(`refuses ${input}`, () => {
      const error = insecure(input);
      assert.match(error.message, /https/);
    });
  }

  it('refuses unparsable input', () => {
    for (const input of ['', 'api.velt.dev', 'https://', '://x']) insecure(input);
  });

  it('refuses user info in the URL without echoing it', () => {
    const error = insecure('https://user:hunter2secret@api.velt.dev');
    assert.ok(!error.message.includes('hunter2secret'));
    const http = insecure('http://user:hunter2secret@evil.example');
    assert.ok(!http.message.includes('hunter2secret'));
  });

  it('does not echo a secret from an unparsable URL either', () => {
    const error = insecure('https://user:hunter2secret@api velt.dev');
    assert.ok(!error.message.includes('hunter2secret'), error.message);
  });

  it('isLoopbackHost', () => {
    for (const host of ['localhost', 'LocalHost', '127.0.0.1', '127.255.255.254', '::1', '[::1]'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['localhost.', 'example.com', '128.0.0.1', '127.0.0', '::2', '10.0.0.1', '1127.0.0.1'])
      assert.equal(isLoopbackHost(host), false, host);
  });
});
