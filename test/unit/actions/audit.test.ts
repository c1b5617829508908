import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiError } from '../../../src/api';
import { AuditLog } from '../../../src/actions/auditLog';
import { auditLine, auditRecord, REDACTED } from '../../../src/actions/audit';
import { WriteService, type WriteServiceDeps } from '../../../src/actions/writeService';
import type { WriteApi } from '../../../src/actions/writeApi';

const API_KEY = 'sk_live_abcdef0123456789';
const AUTH_TOKEN = 'tok_"quoted\\and-long-0123456789';

function fakeApi(calls: { method: string; body: unknown; options: unknown }[], fail?: Error): WriteApi {
  const answer = (method: string, value: unknown) => (body: unknown, options: unknown) => {
    calls.push({ method, body, options });
    return fail ? Promise.reject(fail) : Promise.resolve(value);
  };
  return {
    cancelExecution: answer('cancelExecution', { cancelled: true }),
    recordReviewerDecision: answer('recordReviewerDecision', {
      recorded: true,
      aggregatorStatus: 'resolved',
      resumeScheduled: true,
    }) as WriteApi['recordReviewerDecision'],
    resolveStep: answer('resolveStep', { resolved: true }),
    cancelStep: answer('cancelStep', { cancelled: true }),
  };
}

function service(api: WriteApi, lines: string[], refreshed: string[]): WriteService {
  const deps: WriteServiceDeps = {
    api,
    appendAudit: (line) => {
      lines.push(line);
      return Promise.resolve();
    },
    log: { info: (m) => lines.push(`log:${m}`), warn: (m) => lines.push(`log:${m}`) },
    knownSecrets: () => Promise.resolve([API_KEY, AUTH_TOKEN]),
    afterWrite: (_environment, executionId) => refreshed.push(executionId),
    now: () => Date.UTC(2026, 11, 2, 3, 4, 5),
  };
  return new WriteService(deps);
}

const target = { environment: 'Sandbox (local)', origin: 'http://127.0.0.1:4000' };

describe('actions: audit log', () => {
  it('one line per write with environment, action, ids, reason, actor, body, result and time', async () => {
    const calls: { method: string; body: unknown; options: unknown }[] = [];
    const lines: string[] = [];
    const refreshed: string[] = [];
    const outcome = await service(fakeApi(calls), lines, refreshed).run(target, {
      action: 'approve',
      executionId: 'exec_1',
      stepId: 'step_1',
      reviewerId: 'ann',
      reason: 'looks good',
    });
    assert.equal(outcome.ok, true);
    assert.deepEqual(calls, [
      {
        method: 'recordReviewerDecision',
        body: { executionId: 'exec_1', stepId: 'step_1', reviewerId: 'ann', decision: 'approve', reason: 'looks good' },
        options: { environment: 'Sandbox (local)' },
      },
    ]);
    const audit = lines.filter((l) => !l.startsWith('log:'));
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]!), {
      time: '2026-12-02T03:04:05.000Z',
      environment: 'Sandbox (local)',
      origin: 'http://127.0.0.1:4000',
      action: 'approve',
      executionId: 'exec_1',
      stepId: 'step_1',
      actor: 'ann',
      reason: 'looks good',
      request: {
        executionId: 'exec_1',
        stepId: 'step_1',
        reviewerId: 'ann',
        decision: 'approve',
        reason: 'looks good',
      },
      result: { ok: true, value: { recorded: true, aggregatorStatus: 'resolved', resumeScheduled: true } },
    });
    assert.ok(
      lines.some((l) => l.startsWith('log:Action ')),
      'also in the log channel',
    );
    assert.deepEqual(refreshed, ['exec_1'], 'refreshed after success');
  });

  it('sends each action to its endpoint with the documented body', async () => {
    const calls: { method: string; body: unknown; options: unknown }[] = [];
    const s = service(fakeApi(calls), [], []);
    await s.run(target, { action: 'forceComplete', executionId: 'e', stepId: 's', actorId: 'me', output: { a: 1 } });
    await s.run(target, { action: 'forceReject', executionId: 'e', stepId: 's', actorId: 'me' });
    await s.run(target, { action: 'cancelStep', executionId: 'e', stepId: 's', actorId: 'me', reason: 'r' });
    await s.run(target, { action: 'cancelExecution', executionId: 'e', actorId: 'me' });
    await s.run(target, { action: 'reject', executionId: 'e', stepId: 's', reviewerId: 'bob' });
    assert.deepEqual(
      calls.map((c) => [c.method, c.body]),
      [
        ['resolveStep', { executionId: 'e', stepId: 's', action: 'force-complete', actorId: 'me', output: { a: 1 } }],
        ['resolveStep', { executionId: 'e', stepId: 's', action: 'force-reject', actorId: 'me' }],
        ['cancelStep', { executionId: 'e', stepId: 's', actorId: 'me', reason: 'r' }],
        ['cancelExecution', { executionId: 'e' }],
        ['recordReviewerDecision', { executionId: 'e', stepId: 's', reviewerId: 'bob', decision: 'reject' }],
      ],
    );
  });

  it('a failed write is logged with its error kind and message, not refreshed', async () => {
    const lines: string[] = [];
    const refreshed: string[] = [];
    const error = new ApiError('other', 'Step s is already completed', { status: 'FAILED_PRECONDITION' });
    const outcome = await service(fakeApi([], error), lines, refreshed).run(target, {
      action: 'cancelStep',
      executionId: 'e',
      stepId: 's',
      actorId: 'me',
    });
    assert.equal(outcome.ok, false);
    const audit = JSON.parse(lines.find((l) => !l.startsWith('log:'))!) as { result: unknown };
    assert.deepEqual(audit.result, {
      ok: false,
      error: { kind: 'other', status: 'FAILED_PRECONDITION', message: 'Step s is already completed' },
    });
    assert.deepEqual(refreshed, []);
    assert.ok(!lines.join('\n').includes('    at '), 'no stack trace');
  });

  it('never writes a secret: secret-named keys masked at any depth, known credential values cut out', async () => {
    const lines: string[] = [];
    await service(fakeApi([]), lines, []).run(target, {
      action: 'forceComplete',
      executionId: 'e',
      stepId: 's',
      actorId: 'me',
      output: { webhookSecret: 'hush-hush-hush-hush', nested: [{ authToken: 'x' }], note: `pasted ${API_KEY}` },
      reason: `token is ${AUTH_TOKEN}`,
    });
    const all = lines.join('\n');
    for (const secret of ['hush-hush-hush-hush', API_KEY, JSON.stringify(AUTH_TOKEN).slice(1, -1)])
      assert.ok(!all.includes(secret), `${secret} leaked: ${all}`);
    assert.ok(all.includes(REDACTED));
  });

  it('a line survives a missing secret list and a failing audit file (the write result still stands)', async () => {
    const lines: string[] = [];
    const s = new WriteService({
      api: fakeApi([]),
      appendAudit: () => Promise.reject(new Error('disk full')),
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
      knownSecrets: () => Promise.reject(new Error('keychain locked')),
      afterWrite: () => undefined,
    });
    const outcome = await s.run(target, { action: 'cancelExecution', executionId: 'e' });
    assert.equal(outcome.ok, true);
    assert.ok(lines.some((l) => l.includes('Could not append to the action history: disk full')));
  });

  it('short known secrets are not scrubbed (they would mangle ordinary words)', () => {
    const record = auditRecord({
      environment: 'x',
      origin: null,
      action: 'cancelExecution',
      executionId: 'exec_abc',
      request: {},
      result: { ok: true, value: null },
      now: 0,
    });
    assert.ok(auditLine(record, ['abc']).includes('exec_abc'));
  });

  it('the file is JSON Lines, append-only, one line per append even when appends overlap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-audit-'));
    try {
      const log = new AuditLog(path.join(dir, 'nested', 'history.jsonl'));
      assert.equal(await log.read(), '');
      await Promise.all([1, 2, 3].map((n) => log.append(JSON.stringify({ n }))));
      const text = await log.read();
      assert.deepEqual(
        text
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { n: number }).n),
        [1, 2, 3],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
