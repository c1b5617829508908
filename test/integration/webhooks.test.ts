// Webhooks in the real editor (issue 16): a run delivers to a local receiver, a simulated outage in the
// sandbox makes later deliveries fail, Reconcile Webhook Deliveries (window scope, one definition) finds exactly
// the events the receiver missed, Export Missing writes them, Re-deliver Missing sends them (modal confirmed)
// and the receiver then holds every event of the stream, each signature verifying with the secret. Then
// Forward Events to Local URL forwards a new run's events and Stop ends it. Dialogs are stubbed.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReconcileReport } from '../../src/deliveries/reconcileReport';
import type { InspectorTestApi } from '../../src/extension';
import { readDeliveryLog } from '../../src/sandboxHost/deliveryControl';
import type { RedeliveryCounts } from '../../src/webhooks';
import { useSandbox, waitFor } from './helpers';

const SECRET = 'whsec_integration_0123456789';

interface Received {
  body: string;
  signature: string | undefined;
  eventId: string | undefined;
}

async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-velt-signature'] as string | undefined,
        eventId: req.headers['x-velt-event-id'] as string | undefined,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Replaces window functions with scripted answers; restore() puts the originals back. */
function stubWindow(answers: Record<string, unknown[]>): { calls: Record<string, unknown[][]>; restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  const calls: Record<string, unknown[][]> = {};
  for (const name of Object.keys(answers)) {
    originals.set(name, win[name]);
    calls[name] = [];
    win[name] = (...args: unknown[]) => {
      calls[name]!.push(args);
      const queue = answers[name]!;
      const next = queue.length > 0 ? queue.shift() : undefined;
      return Promise.resolve(typeof next === 'function' ? (next as (...a: unknown[]) => unknown)(...args) : next);
    };
  }
  return {
    calls,
    restore: () => {
      for (const [name, original] of originals) win[name] = original;
    },
  };
}

describe('webhooks in the editor: outage → reconcile → re-deliver, and forwarding', function () {
  this.timeout(120_000);
  let api: InspectorTestApi;
  let sandboxUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const definitionId = `webhook-it-${Date.now()}`;
  const startedAt = Date.now() - 1000;
  let executionId = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-webhooks-'));

  const velt = async (route: string, data: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${sandboxUrl}/v2/workflow/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' },
      body: JSON.stringify({ data }),
    });
    const body = (await response.json()) as { result?: Record<string, unknown>; error?: unknown };
    assert.ok(body.result, `${route}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
  const dispatchRun = async (webhookUrl?: string): Promise<string> => {
    const result = await velt('executions/dispatch', {
      definitionId,
      ...(webhookUrl ? { webhookUrl, webhookSecret: SECRET } : {}),
    });
    return String(result['executionId']);
  };
  const approve = async (id: string): Promise<void> => {
    const step = await waitFor('the review step to wait for approval', async () => {
      const execution = await api.api.getExecution(id);
      return execution.steps.find((s) => s.nodeId === 'review' && s.status === 'waiting');
    });
    await velt('steps/recordReviewerDecision', {
      executionId: id,
      stepId: step.stepId,
      reviewerId: 'u_ana',
      decision: 'approve',
    });
  };
  const streamEventIds = async (id: string): Promise<string[]> => {
    const page = await api.api.getEvents({ executionId: id, pageSize: 500 });
    return page.events.map((e) => e.eventId);
  };
  const events = (r: Received[]): { event: string; executionId: string; seq: number }[] =>
    r.map((x) => JSON.parse(x.body) as { event: string; executionId: string; seq: number });

  before(async () => {
    api = await useSandbox();
    sandboxUrl = (await api.sandbox.ensure()).url;
    receiver = await startReceiver();
    await velt('definitions/create', {
      definitionId,
      name: 'Webhook integration test',
      nodes: [
        { nodeId: 'review', type: 'human', config: { reviewers: [{ userId: 'u_ana', mandatory: true }] } },
        { nodeId: 'done', type: 'notification', config: { channel: 'slack', bodyTemplate: 'ok', slackTarget: '#ok' } },
        {
          nodeId: 'rework',
          type: 'notification',
          config: { channel: 'slack', bodyTemplate: 'no', slackTarget: '#no' },
        },
      ],
      edges: [
        { from: 'review', to: 'done', on: 'approve' },
        { from: 'review', to: 'rework', on: 'reject' },
      ],
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('velt.simulateWebhookOutage', 0);
    await api.webhooks.forwarding.stop();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an outage makes the receiver miss events; reconcile lists exactly those; re-delivery completes the ledger', async () => {
    executionId = await dispatchRun(receiver.url);
    await waitFor('the first deliveries', () =>
      events(receiver.received).some((e) => e.executionId === executionId && e.event === 'step.awaiting-approval'),
    );
    const before = receiver.received.length;
    const until = (await vscode.commands.executeCommand('velt.simulateWebhookOutage', 10 * 60_000)) as number | null;
    assert.ok(typeof until === 'number' && until > Date.now(), 'the outage is in force');
    await approve(executionId);
    await waitFor('the run to complete', async () => (await api.api.getExecution(executionId)).status === 'completed');
    const sandbox = api.sandbox.current!;
    await waitFor('failed deliveries in the sandbox log', async () => {
      const log = await readDeliveryLog(sandbox);
      const mine = log.deliveries.filter((d) => d.executionId === executionId);
      return mine.some((d) => d.attempts.some((a) => a.error === 'simulated webhook outage'));
    });
    assert.equal(receiver.received.length, before, 'nothing reached the receiver during the outage');

    const all = await streamEventIds(executionId);
    const got = new Set(receiver.received.map((r) => r.eventId));
    const expectedMissing = all.filter((id) => !got.has(id));
    assert.ok(expectedMissing.length >= 2, `events were missed: ${expectedMissing.length}`);

    const ledger = path.join(dir, 'ledger.jsonl');
    fs.writeFileSync(ledger, receiver.received.map((r) => r.body).join('\n') + '\n');
    const stubs = stubWindow({
      showOpenDialog: [[vscode.Uri.file(ledger)]],
      showQuickPick: [(items: vscode.QuickPickItem[]) => items.find((i) => /time window/.test(i.label))],
      showInputBox: [new Date(startedAt).toISOString(), '', definitionId],
    });
    let report: ReconcileReport | undefined;
    try {
      report = (await vscode.commands.executeCommand('velt.reconcileWebhooks')) as ReconcileReport | undefined;
    } finally {
      stubs.restore();
    }
    assert.ok(report?.totals, 'the reconciliation ran to its end');
    assert.equal(report.totals.executions, 1, 'the window and definition select exactly the run');
    const [result] = report.executions;
    assert.equal(result!.executionId, executionId);
    assert.deepEqual(
      result!.missing.map((e) => e.eventId),
      expectedMissing,
      'exactly the events the receiver missed, in stream order',
    );
    assert.equal(result!.summary?.received, all.length - expectedMissing.length);

    // The view lists the run and its missing events; each opens the panel at that event.
    const roots = api.webhooks.reconciliation.getChildren();
    const executionNode = roots.find((n) => n.kind === 'execution');
    assert.ok(executionNode);
    const rows = api.webhooks.reconciliation.getChildren(executionNode);
    assert.equal(rows.length, expectedMissing.length);
    const item = api.webhooks.reconciliation.getTreeItem(rows[0]!);
    assert.equal(item.command?.command, 'velt.openExecution');
    assert.deepEqual(
      (item.command?.arguments?.[0] as { executionId: string; seq: number }).seq,
      result!.missing[0]!.seq,
    );

    // Export Missing: the CLI's NDJSON records, one per missing event.
    const exported = vscode.Uri.file(path.join(dir, 'missing.jsonl'));
    await vscode.commands.executeCommand('velt.exportMissingEvents', exported);
    const lines = fs.readFileSync(exported.fsPath, 'utf8').trim().split('\n');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { eventId: string }).eventId),
      expectedMissing,
    );
    // Without a target it asks with the JSON Lines save dialog, proposing missing-events.jsonl in the workspace.
    const chosen = vscode.Uri.file(path.join(dir, 'chosen.jsonl'));
    const dialog = stubWindow({ showSaveDialog: [chosen], showInformationMessage: [] });
    let saved: vscode.Uri | undefined;
    try {
      saved = (await vscode.commands.executeCommand('velt.exportMissingEvents')) as vscode.Uri | undefined;
    } finally {
      dialog.restore();
    }
    assert.equal(saved?.fsPath, chosen.fsPath);
    const asked = dialog.calls['showSaveDialog']![0]![0] as vscode.SaveDialogOptions;
    assert.equal(asked.saveLabel, 'Export');
    assert.deepEqual(asked.filters, { 'JSON Lines': ['jsonl'], 'All files': ['*'] });
    assert.equal(
      asked.defaultUri?.fsPath,
      path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'missing-events.jsonl'),
    );
    assert.equal(fs.readFileSync(chosen.fsPath, 'utf8'), fs.readFileSync(exported.fsPath, 'utf8'));

    // Re-deliver Missing: URL, secret, modal confirm naming the URL and the count.
    const redeliver = stubWindow({
      showInputBox: [receiver.url, SECRET],
      showWarningMessage: [(text: string) => (text.includes(receiver.url) ? 'Re-deliver' : undefined)],
      showInformationMessage: [],
    });
    let counts: RedeliveryCounts | undefined;
    try {
      counts = (await vscode.commands.executeCommand('velt.redeliverMissingEvents')) as RedeliveryCounts | undefined;
    } finally {
      redeliver.restore();
    }
    const modal = redeliver.calls['showWarningMessage']![0]!;
    assert.match(String(modal[0]), new RegExp(`Re-deliver ${expectedMissing.length} missing events? to`));
    assert.equal((modal[1] as vscode.MessageOptions).modal, true);
    assert.deepEqual(counts, { delivered: expectedMissing.length, failed: 0, skipped: 0 });

    const received = new Set(receiver.received.map((r) => r.eventId));
    assert.deepEqual(
      all.filter((id) => !received.has(id)),
      [],
      'the receiver now holds every event of the stream',
    );
    for (const r of receiver.received) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      assert.equal(r.signature, expected, `signature of ${r.eventId}`);
    }
  });

  it('forwards a new run to a local URL with a status bar count, and Stop ends it', async () => {
    await vscode.commands.executeCommand('velt.simulateWebhookOutage', 0);
    const forwardTo = await startReceiver();
    try {
      const stubs = stubWindow({ showInputBox: [forwardTo.url, SECRET], showInformationMessage: [] });
      try {
        assert.equal(await vscode.commands.executeCommand('velt.forwardEvents'), true);
      } finally {
        stubs.restore();
      }
      assert.equal(api.webhooks.forwarding.running?.url, forwardTo.url);
      await new Promise((r) => setTimeout(r, 1500)); // the first discovery sees the runs that already exist
      const runId = await dispatchRun();
      await waitFor(
        'forwarded events of the new run',
        () => events(forwardTo.received).some((e) => e.executionId === runId && e.event === 'execution.dispatched'),
        30_000,
      );
      for (const r of forwardTo.received)
        assert.equal(r.signature, `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      const mine = events(forwardTo.received).filter((e) => e.executionId === runId);
      assert.deepEqual(
        mine.map((e) => e.seq),
        [...mine.map((e) => e.seq)].sort((a, b) => a - b),
        'in seq order',
      );
      // The receiver sees a delivery before the forwarder has read the response and counted it.
      await waitFor('the status bar count', () => (api.webhooks.forwarding.running?.delivered ?? 0) >= 1);
      await vscode.commands.executeCommand('velt.stopForwarding');
      assert.equal(api.webhooks.forwarding.running, undefined);
    } finally {
      await forwardTo.close();
    }
  });

  it('forwarding stops when the active environment changes', async () => {
    const stubs = stubWindow({ showInputBox: ['http://localhost:9/hooks', SECRET], showInformationMessage: [] });
    try {
      assert.equal(await vscode.commands.executeCommand('velt.forwardEvents'), true);
      assert.ok(api.webhooks.forwarding.running);
      await vscode.commands.executeCommand('velt.selectEnvironment', 'Production');
      await waitFor('forwarding to stop', () => api.webhooks.forwarding.running === undefined);
      await waitFor('the stop to be told', () =>
        stubs.calls['showInformationMessage']!.some((c) => /active environment changed/.test(String(c[0]))),
      );
    } finally {
      stubs.restore();
      await useSandbox();
    }
  });
});
