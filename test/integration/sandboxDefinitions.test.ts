// velt.sandbox.definitions in the real editor: the built-in sandbox (a child process) loads the workspace's
// matching definition files, reports a bad one per file with its JSON path, and restarts with the new
// definitions when a matching file or the setting changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';
import type { RunningSandbox } from '../../src/sandboxHost/sandboxHost';
import { useSandbox, waitFor } from './helpers';
import { sandboxControl } from './sandboxControl';

const FOLDER = '.velt-test-definitions';

/** A definitions/create body the linter accepts. */
function definition(definitionId: string): unknown {
  return {
    definitionId,
    name: `Test ${definitionId}`,
    nodes: [
      { nodeId: 'review', type: 'human', config: { reviewers: [{ userId: 'u_ana', mandatory: true }] } },
      { nodeId: 'done', type: 'notification', config: { channel: 'slack', bodyTemplate: 'ok', slackTarget: '#ok' } },
      { nodeId: 'rework', type: 'notification', config: { channel: 'slack', bodyTemplate: 'no', slackTarget: '#no' } },
    ],
    edges: [
      { from: 'review', to: 'done', on: 'approve' },
      { from: 'review', to: 'rework', on: 'reject' },
    ],
  };
}

/** definitions/get through the public API of whichever process runs: the definition's name, or the error status. */
async function definitionName(sandbox: RunningSandbox, definitionId: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/v2/workflow/definitions/get`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-velt-api-key': 'sandbox', 'x-velt-auth-token': 'sandbox' },
    body: JSON.stringify({ data: { definitionId } }),
  });
  const body = (await response.json()) as { result?: { name?: string }; error?: { status?: string } };
  return body.result?.name ?? body.error?.status ?? `HTTP ${response.status}`;
}

describe('velt.sandbox.definitions: the built-in sandbox loads workspace definitions', function () {
  this.timeout(90_000);
  let api: InspectorTestApi;
  let folder: vscode.WorkspaceFolder;
  let dir: string;
  const setting = (value: string | undefined): Thenable<void> =>
    vscode.workspace
      .getConfiguration('velt', folder.uri)
      .update('sandbox.definitions', value, vscode.ConfigurationTarget.WorkspaceFolder);
  /** The next process after `previous`, once it is ready. */
  const restartedAfter = (previous: RunningSandbox): Promise<RunningSandbox> =>
    waitFor(
      'the sandbox to restart with the new definitions',
      () => {
        const now = api.sandbox.current;
        return now && now.pid !== previous.pid ? now : undefined;
      },
      30_000,
    );

  before(async () => {
    api = await useSandbox();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the test editor has a folder open');
    folder = first;
    dir = path.join(folder.uri.fsPath, FOLDER);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(definition('ws-good')));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "definitionId": ');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a definition');
  });

  after(async () => {
    await setting(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the matching files, reports the bad one per file, and follows file and setting changes', async () => {
    const before = await api.sandbox.ensure();
    assert.equal(await definitionName(before, 'ws-good'), 'NOT_FOUND', 'nothing loaded while the setting is empty');

    await setting(`${FOLDER}/*`);
    const loaded = await restartedAfter(before);
    assert.equal(await definitionName(loaded, 'ws-good'), 'Test ws-good');
    assert.deepEqual(
      loaded.definitionProblems.map((p) => [path.relative(folder.uri.fsPath, p.file), p.path, p.code]),
      [[path.join(FOLDER, 'broken.json'), '$', 'invalid-json']],
      'the bad file, once, with its JSON path; notes.txt is not a definition',
    );
    assert.deepEqual(
      (await sandboxControl(api).definitionProblems()).map((p) => p.code),
      ['invalid-json'],
      'the control API agrees',
    );

    // Fixing the file restarts the sandbox with it.
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(definition('ws-fixed')));
    const fixed = await restartedAfter(loaded);
    assert.equal(await definitionName(fixed, 'ws-fixed'), 'Test ws-fixed');
    assert.deepEqual(fixed.definitionProblems, []);
    assert.equal(loaded.closed, true, 'the previous process was stopped');

    // A setting that leaves the folder loads nothing (and says why in the log and a notification).
    await setting('../*.json');
    const refused = await restartedAfter(fixed);
    assert.equal(await definitionName(refused, 'ws-good'), 'NOT_FOUND');

    await setting(undefined);
    const cleared = await restartedAfter(refused);
    assert.equal(await definitionName(cleared, 'ws-fixed'), 'NOT_FOUND', 'the setting cleared, nothing loaded');
  });
});
