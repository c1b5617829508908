// Credentials stay with their host (issue 10, point 1 and its first fault test). Credentials are set for an
// environment that points at the built-in sandbox; then that environment's base URL is redefined to a
// second local server that records every request:
// - in the folder's .vscode/settings.json: ignored (user settings only), requests stay on the user's host;
// - in the user settings: no request carries the stored pair, and tree, hover and panel say why, offering
//   Set Credentials; once credentials are set for the new host, only the new pair goes there.
// And an export from a panel whose environment is no longer the active one is refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { ExecutionPanel } from '../../src/panel/executionPanel';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import type { RunningSandbox } from '../../src/sandboxHost/sandboxHost';
import type { TreeNode } from '../../src/tree/nodes';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor } from './helpers';
import { sandboxControl } from './sandboxControl';

const ENV = 'Trust (test)';
const FOLDER_ENV = 'Folder (test)';
const KEY = 'ak_test_TRUST_KEY_7f3';
const TOKEN = 'at_test_TRUST_TOKEN_9c1';
const NEW_KEY = 'ak_test_NEW_HOST_KEY';
const NEW_TOKEN = 'at_test_NEW_HOST_TOKEN';
const PINNED = SANDBOX_EXECUTIONS['failed']!;
const PANEL = SANDBOX_EXECUTIONS['completedParallel']!;
const HOVERED = SANDBOX_EXECUTIONS['cancelled']!;
const CANARY = 'trust-origin-canary';

interface Recorded {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A second local API host that records every request (and answers NOT_FOUND). */
async function startRecorder(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { status: 'NOT_FOUND', message: 'not here' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // Same host as the sandbox, another port: another origin.
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const carries = (r: Recorded, ...secrets: string[]): boolean =>
  secrets.some((s) => JSON.stringify(r.headers).includes(s) || r.body.includes(s) || r.url.includes(s));

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('trust: credentials stay with the origin they were stored for', function () {
  this.timeout(90_000);
  let api: InspectorTestApi;
  let sandbox: RunningSandbox;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let folderSettings: string;
  let previousFolderSettings: string | undefined;
  let doc: vscode.TextDocument;
  let panel: ExecutionPanel;
  const byId = async (id: string): Promise<number> => (await sandboxControl(api).stats()).byExecutionId[id] ?? 0;
  const hover = async (): Promise<string> =>
    hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(0, 8),
      ),
    );
  const canaryLoaded = (): boolean =>
    (vscode.workspace.getConfiguration('velt').get<string[]>('hover.disabledLanguages') ?? []).includes(CANARY);

  before(async () => {
    api = await useSandbox();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    sandbox = api.sandbox.current!;
    recorder = await startRecorder();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test editor has a folder open');
    folderSettings = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    previousFolderSettings = fs.existsSync(folderSettings) ? fs.readFileSync(folderSettings, 'utf8') : undefined;

    // A real-looking environment on the sandbox, which accepts only this distinctive pair.
    await setSetting('environments', [{ name: ENV, baseUrl: sandbox.url }]);
    await sandboxControl(api).setCredentials(KEY, TOKEN);
    assert.equal(
      await vscode.commands.executeCommand('velt.setCredentials', {
        environment: ENV,
        apiKey: KEY,
        authToken: TOKEN,
        skipVerify: true,
      }),
      'saved',
    );
    await api.environments.select(ENV);
    assert.equal(api.environments.isSignedIn, true);
    assert.equal((await api.credentials.get(ENV))?.origin, new URL(sandbox.url).origin, 'bound to the sandbox origin');
    for (const id of api.pins.list(ENV)) await api.pins.unpin(ENV, id);
    assert.equal(await vscode.commands.executeCommand('velt.pinExecution', PINNED), true);
    await waitFor('the pin loaded', () => api.store.peek(PINNED) && api.watcher.healthOf(PINNED).state === 'ok');
    doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `id: ${HOVERED}` });
  });

  after(async () => {
    if (previousFolderSettings === undefined) fs.rmSync(folderSettings, { force: true });
    else fs.writeFileSync(folderSettings, previousFolderSettings);
    await waitFor('the folder settings to unload', () => !canaryLoaded()).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const id of api.pins.list(ENV)) await api.pins.unpin(ENV, id);
    await api.credentials.clear(ENV);
    await api.environments.select(SANDBOX);
    await setSetting('environments', undefined);
    await sandboxControl(api).setCredentials('sandbox', 'sandbox');
    await recorder.close();
  });

  it("a folder's settings cannot redirect an environment: requests keep going to the user's host", async () => {
    fs.mkdirSync(path.dirname(folderSettings), { recursive: true });
    // The editor's file watcher can miss a write on a loaded machine (seen on VS Code 1.90): write again until it is read.
    for (let attempt = 1; ; attempt++) {
      fs.writeFileSync(
        folderSettings,
        JSON.stringify(
          {
            'velt.environments': [
              { name: ENV, baseUrl: recorder.url },
              { name: FOLDER_ENV, baseUrl: recorder.url },
            ],
            'velt.activeEnvironment': FOLDER_ENV,
            'velt.hover.idPatterns': ['(?<id>exec_\\d+_[a-z0-9]+)'],
            // A setting a folder may set, to know the file has been read.
            'velt.hover.disabledLanguages': [CANARY],
          },
          null,
          2,
        ),
      );
      try {
        await waitFor('the folder settings to load', canaryLoaded, 10_000);
        break;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }

    assert.equal(api.environments.active.name, ENV, 'velt.activeEnvironment from the folder is ignored');
    assert.equal(api.environments.active.baseUrl, sandbox.url, 'velt.environments from the folder is ignored');
    assert.ok(!api.environments.list().some((e) => e.name === FOLDER_ENV));
    assert.equal(api.environments.isSignedIn, true);
    assert.equal(api.environments.credentialsProblem, undefined);

    // Refresh, poll, hover, panel load and the executions list all still go to the sandbox.
    const before = await byId(PINNED);
    await vscode.commands.executeCommand('velt.refreshExecution', { executionId: PINNED });
    await waitFor("a refresh at the user's host", async () => (await byId(PINNED)) > before);
    assert.match(await hover(), /\*\*Cancelled\*\*/);
    assert.equal(await vscode.commands.executeCommand('velt.openExecution', PANEL), PANEL);
    panel = await waitFor('the panel', () => api.panels.find(ENV, PANEL));
    await waitFor(
      "the panel's first page",
      () => panel.snapshot().loaded > 0 && panel.snapshot().executionStatus === 'completed',
    );
    api.trees.recent.reset();
    await api.trees.recent.loadMore();
    assert.ok((await api.trees.recent.getChildren()).some((n) => n.kind === 'execution'));
    await sleep(1000);
    assert.deepEqual(
      recorder.requests.map((r) => r.url),
      [],
      'nothing was sent to the host the folder named',
    );
  });

  it('a base URL changed in the user settings: no request carries the pair; tree, hover and panel say so and offer Set Credentials', async () => {
    await setSetting('environments', [{ name: ENV, baseUrl: recorder.url }]);
    const problem = await waitFor('the mismatch', () => api.environments.credentialsProblem);
    const expected = `Credentials were stored for ${new URL(sandbox.url).origin}; this environment now points at ${recorder.url}. Run "Velt: Set Credentials" to use this host.`;
    assert.equal(problem.kind, 'credentialsOriginMismatch');
    assert.equal(problem.message, expected);
    assert.equal(api.environments.isSignedIn, false, 'velt.signedIn is false');

    // Trees: one notice in place of the contents, clicking it runs Set Credentials.
    const pinnedRoots = api.trees.pinned.getChildren() as TreeNode[];
    assert.equal(pinnedRoots.length, 1);
    const notice = pinnedRoots[0]!;
    assert.ok(
      notice.kind === 'notice' && notice.label === expected && notice.command?.command === 'velt.setCredentials',
      JSON.stringify(notice),
    );
    const recentRoots = await api.trees.recent.getChildren();
    assert.ok(
      recentRoots.length === 1 &&
        recentRoots[0]!.kind === 'notice' &&
        recentRoots[0]!.command?.command === 'velt.setCredentials',
    );

    // Refresh and poll: they fail with the typed error, without a request.
    await vscode.commands.executeCommand('velt.refreshExecution', { executionId: PINNED });
    await vscode.commands.executeCommand('velt.refreshPinned');
    await assert.rejects(
      api.store.get(PINNED, { force: true }),
      (e: Error & { kind?: string }) => e.kind === 'credentialsOriginMismatch' && e.message === expected,
    );
    await assert.rejects(
      api.api.listExecutions({ pageSize: 5 }),
      (e: Error & { kind?: string }) => e.kind === 'credentialsOriginMismatch',
    );

    // Hover: one line with the message, which names Set Credentials (a hover never links a command that takes secrets).
    const text = await hover();
    const line = text.split('\n\n')[0]!;
    assert.match(line, /^\$\(key\) Credentials were stored for .*Velt\\: Set Credentials/);
    assert.ok(!line.includes('command:'), line);

    // Panel: the open panel's refresh fails with the same error, shown in the webview with its fix.
    panel.reveal();
    await waitFor('the panel webview', () => panel.isReady);
    panel.receive({ type: 'refresh', requestId: 1 });
    const snapshot = await waitFor("the panel's error state", () => {
      const s = panel.snapshot();
      return s.loader.error?.kind === 'credentialsOriginMismatch' &&
        s.executionError?.kind === 'credentialsOriginMismatch'
        ? s
        : false;
    });
    assert.equal(snapshot.loader.error!.message, expected);
    assert.ok(snapshot.loaded > 0, 'the loaded events stay');
    await waitFor('the webview to show it', async () => {
      const stats = await panel.probe();
      return stats && /Credentials were stored for/.test(stats.stateText) && /Set Credentials/.test(stats.stateText);
    });

    await sleep(1500); // a poll cycle (pollIntervalMs is at least 1 s)
    const leaked = recorder.requests.filter((r) => carries(r, KEY, TOKEN));
    assert.equal(leaked.length, 0, `the stored pair reached the new host: ${leaked.map((r) => r.url).join(', ')}`);
    assert.deepEqual(
      recorder.requests.map((r) => r.url),
      [],
      'no request at all went to the new host',
    );
  });

  it('after Set Credentials for the new host, only the new pair goes there', async () => {
    assert.equal(
      await vscode.commands.executeCommand('velt.setCredentials', {
        environment: ENV,
        apiKey: NEW_KEY,
        authToken: NEW_TOKEN,
        skipVerify: true,
      }),
      'saved',
    );
    await waitFor('signed in again', () => api.environments.isSignedIn);
    assert.equal(api.environments.credentialsProblem, undefined);
    assert.equal((await api.credentials.get(ENV))?.origin, recorder.url);
    await assert.rejects(
      api.store.get(PINNED, { force: true }),
      (e: Error & { kind?: string }) => e.kind === 'notFound',
    );
    assert.ok(recorder.requests.length > 0);
    for (const r of recorder.requests) {
      assert.ok(carries(r, NEW_KEY) && carries(r, NEW_TOKEN), `${r.url} carries the new pair`);
      assert.ok(!carries(r, KEY, TOKEN), `${r.url} does not carry the old pair`);
    }
    console.log(`trust origin: requests to the redirected host ${recorder.requests.length}, secrets leaked: 0`);
  });

  it('export from a panel of another environment than the active one is refused, and writes nothing', async () => {
    const file = path.join(os.tmpdir(), `velt-trust-export-${process.pid}.jsonl`);
    await api.environments.select(SANDBOX);
    try {
      assert.equal(api.panels.find(ENV, PANEL), panel, 'the panel of the other environment is still open');
      assert.equal(panel.wrongEnvironment, true);
      const before = recorder.requests.length;
      const result = await vscode.commands.executeCommand<{ outcome: string; count: number }>('velt.exportEvents', {
        executionId: PANEL,
        environment: ENV,
        uri: vscode.Uri.file(file),
      });
      assert.deepEqual(result, { outcome: 'refused', count: 0 });
      assert.equal(fs.existsSync(file), false, 'no file');
      assert.equal(recorder.requests.length, before, 'nothing fetched');
    } finally {
      fs.rmSync(file, { force: true });
      await api.environments.select(ENV);
    }
  });
});
