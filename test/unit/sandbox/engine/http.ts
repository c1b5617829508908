// HTTP helpers for the engine's contract tests: call an endpoint, read the result or the error.
import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../src/sandbox/server';
import { T0 } from './harness';

export interface Reply {
  status: number;
  json: Record<string, unknown>;
}

export async function call(sb: Sandbox, route: string, data: unknown): Promise<Reply> {
  const response = await fetch(`${sb.url}/v2/workflow/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' },
    body: JSON.stringify({ data }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function ok(sb: Sandbox, route: string, data: unknown): Promise<Record<string, unknown>> {
  const reply = await call(sb, route, data);
  assert.equal(reply.status, 200, JSON.stringify(reply.json).slice(0, 400));
  return reply.json['result'] as Record<string, unknown>;
}

export async function refused(
  sb: Sandbox,
  route: string,
  data: unknown,
  http: number,
  status: string,
): Promise<{ message: string; details?: { issues: { path: unknown[]; message: string }[] } }> {
  const reply = await call(sb, route, data);
  const error = reply.json['error'] as {
    status: string;
    message: string;
    details?: { issues: { path: unknown[]; message: string }[] };
  };
  assert.equal(reply.status, http, JSON.stringify(reply.json).slice(0, 400));
  assert.equal(error.status, status);
  return error;
}

/** A sandbox on a fake clock; `tick` moves it and runs what became due. */
export async function fakeClockSandbox(options: SandboxOptions = {}): Promise<{ sb: Sandbox; tick(ms: number): void }> {
  let clock = T0;
  const sb = await startSandbox({ port: 0, now: () => clock, ...options });
  return {
    sb,
    tick: (ms) => {
      clock += ms;
      sb.engine.advance(clock);
    },
  };
}

export const REVIEW_DEFINITION = {
  definitionId: 'contract-test',
  name: 'Contract test',
  nodes: [
    { nodeId: 'agent-draft', type: 'agent', config: { agentId: '__mock__', urlPath: 'documentUrl' } },
    {
      nodeId: 'human-review',
      type: 'human',
      config: {
        reviewers: [
          { userId: 'u_ana', mandatory: true },
          { userId: 'u_bo', mandatory: false },
        ],
      },
    },
    {
      nodeId: 'notify-done',
      type: 'notification',
      config: { channel: 'email', bodyTemplate: 'Approved', recipients: ['team@acme.example'] },
    },
    {
      nodeId: 'notify-rework',
      type: 'notification',
      config: { channel: 'slack', bodyTemplate: 'Rework', slackTarget: '#rework' },
    },
  ],
  edges: [
    { from: 'agent-draft', to: 'human-review' },
    { from: 'human-review', to: 'notify-done', on: 'approve' },
    { from: 'human-review', to: 'notify-rework', on: 'reject' },
  ],
};
