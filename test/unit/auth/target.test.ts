// One snapshot per request: the host and the pair it carries always come from the same environment, even
// when the active environment switches while the keychain answers; and a pair stored for one origin is
// never sent to another (checked by the request module before any byte goes out).
import { strict as assert } from 'node:assert';
import { MockAgent } from 'undici';
import { createWorkflowApi, pinnedToEnvironment } from '../../../src/api/client';
import type { BoundCredentials, RequestTarget } from '../../../src/api/http';
import { resolveTarget, type TargetEnvironment, type TargetSources } from '../../../src/auth/target';

const GET = '/v2/workflow/executions/get';
const EXEC_ID = 'exec_1777374504255_xzy43k9q';
const EXECUTION = {
  executionId: EXEC_ID,
  status: 'completed',
  startedAt: 1,
  completedAt: 2,
  cancelledAt: null,
  definitionId: 'd',
  definitionVersion: 1,
  correlationId: null,
  idempotencyKey: null,
  failureReason: null,
  steps: [],
};
const A = 'https://a.velt.test';
const B = 'https://b.velt.test';
const PAIRS: Record<string, BoundCredentials> = {
  A: { apiKey: 'ak_A_SECRET', authToken: 'at_A_SECRET', origin: A },
  B: { apiKey: 'ak_B_SECRET', authToken: 'at_B_SECRET', origin: B },
};
const ENVS: Record<string, TargetEnvironment> = {
  A: { name: 'A', baseUrl: A, isSandbox: false },
  B: { name: 'B', baseUrl: `${B}/v2/`, isSandbox: false },
};

/** Two environments; every keychain read switches the active one while it is being answered. */
function switchingSources(): TargetSources & { reads: number } {
  let active = 'A';
  const sources = {
    reads: 0,
    active: () => ENVS[active]!,
    credentials: async (name: string) => {
      sources.reads++;
      active = active === 'A' ? 'B' : 'A';
      await new Promise((r) => setImmediate(r));
      return PAIRS[name];
    },
    sandbox: async () => ({ url: 'http://127.0.0.1:1234', credentials: { apiKey: 'sandbox', authToken: 'sandbox' } }),
  };
  return sources;
}

/** A MockAgent for both hosts that records, per request, the host and the pair it carried. */
function recordingAgent(): { agent: MockAgent; seen: { origin: string; apiKey: string; authToken: string }[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: { origin: string; apiKey: string; authToken: string }[] = [];
  for (const origin of [A, B]) {
    agent
      .get(origin)
      .intercept({ path: GET, method: 'POST' })
      .reply((opts) => {
        const headers = opts.headers as Record<string, string>;
        seen.push({ origin, apiKey: headers['x-velt-api-key'] ?? '', authToken: headers['x-velt-auth-token'] ?? '' });
        return { statusCode: 200, data: JSON.stringify({ result: EXECUTION }) };
      })
      .persist();
  }
  return { agent, seen };
}

describe('request target: one snapshot per request', () => {
  it('resolveTarget pairs the base URL and the credentials of one environment, whatever switches meanwhile', async () => {
    const sources = switchingSources();
    const targets = await Promise.all(Array.from({ length: 40 }, () => resolveTarget(sources)));
    assert.equal(sources.reads, 40);
    const names = new Set<string>();
    for (const t of targets) {
      const name = t.credentials === PAIRS['A'] ? 'A' : 'B';
      names.add(name);
      assert.equal(t.baseUrl, ENVS[name]!.baseUrl, `${name}'s pair goes with ${name}'s base URL`);
    }
    assert.deepEqual([...names].sort(), ['A', 'B'], 'the switches did happen');
  });

  it("through the request module, no request to either host carries the other environment's pair", async () => {
    const sources = switchingSources();
    const { agent, seen } = recordingAgent();
    let targets = 0;
    const api = createWorkflowApi({
      getTarget: (env) => {
        targets++;
        return resolveTarget(sources, env);
      },
      userAgent: 'test',
      dispatcher: agent,
    });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.getExecution(EXEC_ID, { signal: AbortSignal.timeout(5000), noRetry: i % 2 === 0 }),
      ),
    );
    assert.equal(targets, 30, 'the target is read once per request');
    assert.ok(
      seen.length > 0 && seen.some((s) => s.origin === A) && seen.some((s) => s.origin === B),
      'both hosts were used',
    );
    for (const s of seen) {
      const pair = s.origin === A ? PAIRS['A']! : PAIRS['B']!;
      assert.deepEqual([s.apiKey, s.authToken], [pair.apiKey, pair.authToken], `request to ${s.origin}`);
    }
    await agent.close();
  });

  it('a call pinned to an environment fails with environmentChanged once another is active, before any request', async () => {
    const { agent, seen } = recordingAgent();
    let active = 'A';
    const sources: TargetSources = {
      ...switchingSources(),
      active: () => ENVS[active]!,
      credentials: async (name) => PAIRS[name],
    };
    const api = pinnedToEnvironment(
      createWorkflowApi({ getTarget: (env) => resolveTarget(sources, env), userAgent: 'test', dispatcher: agent }),
      'A',
    );
    await api.getExecution(EXEC_ID);
    active = 'B';
    await assert.rejects(
      api.getExecution(EXEC_ID),
      (e: Error & { kind?: string }) =>
        e.kind === 'environmentChanged' && e.message.includes('A') && e.message.includes('B'),
    );
    assert.deepEqual(
      seen.map((s) => s.origin),
      [A],
      'nothing was sent to B',
    );
    await agent.close();
  });
});

describe('request target: credentials stay with their origin', () => {
  async function attempt(
    target: RequestTarget,
  ): Promise<{ error: (Error & { kind?: string }) | undefined; seen: number }> {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let seen = 0;
    for (const origin of [A, B, 'https://a.velt.test:8443', 'http://localhost:8080', 'https://localhost:8080']) {
      agent
        .get(origin)
        .intercept({ path: () => true, method: 'POST' })
        .reply(() => {
          seen++;
          return { statusCode: 200, data: JSON.stringify({ result: EXECUTION }) };
        })
        .persist();
    }
    let error: (Error & { kind?: string }) | undefined;
    try {
      await createWorkflowApi({ getTarget: () => target, userAgent: 'test', dispatcher: agent }).getExecution(EXEC_ID);
    } catch (e) {
      error = e as Error & { kind?: string };
    }
    await agent.close();
    return { error, seen };
  }

  it('refuses a pair stored for another host, port or scheme, with a message naming both origins, and sends nothing', async () => {
    const cases: [string, string][] = [
      [A, B],
      [A, 'https://a.velt.test:8443'],
      ['https://localhost:8080', 'http://localhost:8080'],
    ];
    for (const [stored, now] of cases) {
      const { error, seen } = await attempt({ baseUrl: now, credentials: { ...PAIRS['A']!, origin: stored } });
      assert.equal(seen, 0, `${stored} → ${now}: nothing sent`);
      assert.equal(error?.kind, 'credentialsOriginMismatch', `${stored} → ${now}`);
      assert.equal(
        error?.message,
        `Credentials were stored for ${stored}; this environment now points at ${new URL(now).origin}. Run "Velt: Set Credentials" to use this host.`,
      );
      assert.ok(!error?.message.includes('SECRET'));
    }
  });

  it('accepts the same origin written differently (case, default port, path, /v2 suffix)', async () => {
    for (const baseUrl of ['https://A.VELT.test', 'https://a.velt.test:443/', 'https://a.velt.test/v2/']) {
      const { error, seen } = await attempt({ baseUrl, credentials: PAIRS['A'] });
      assert.equal(error, undefined, `${baseUrl}: ${error?.message}`);
      assert.equal(seen, 1, baseUrl);
    }
  });
});
