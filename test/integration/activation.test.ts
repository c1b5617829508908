// The extension loads in a real editor: it is present, activates, registers every command its
// manifest contributes, and every contributed view (and view container) can be opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'velt-tools.velt-workflow-inspector';

/** Built-in view containers an extension may add views to, and the command that reveals each. */
const BUILT_IN_CONTAINERS: Readonly<Record<string, string>> = {
  explorer: 'workbench.view.explorer',
  scm: 'workbench.view.scm',
  debug: 'workbench.view.debug',
  test: 'workbench.view.testing',
  remote: 'workbench.view.remote',
};

interface ViewContribution {
  readonly container: string;
  readonly id: string;
  readonly name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension<unknown>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext;
}

function contributes(): Record<string, unknown> {
  const manifest: unknown = getExtension().packageJSON;
  assert.ok(isRecord(manifest), 'packageJSON is an object');
  const section = manifest['contributes'];
  return isRecord(section) ? section : {};
}

function contributedCommands(): string[] {
  return records(contributes()['commands'])
    .map((c) => stringField(c, 'command'))
    .filter((id): id is string => id !== undefined);
}

function contributedViewContainers(): string[] {
  const containers = contributes()['viewsContainers'];
  if (!isRecord(containers)) return [];
  return Object.values(containers)
    .flatMap(records)
    .map((c) => stringField(c, 'id'))
    .filter((id): id is string => id !== undefined);
}

function contributedViews(): ViewContribution[] {
  const views = contributes()['views'];
  if (!isRecord(views)) return [];
  return Object.entries(views).flatMap(([container, list]) =>
    records(list).flatMap((view) => {
      const id = stringField(view, 'id');
      return id === undefined ? [] : [{ container, id, name: stringField(view, 'name') ?? id }];
    }),
  );
}

function containerCommand(container: string): string {
  return BUILT_IN_CONTAINERS[container] ?? `workbench.view.extension.${container}`;
}

describe('activation', () => {
  before(async () => {
    await getExtension().activate();
  });

  it('runs in a real VS Code', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    console.log(
      `vscode.version=${vscode.version} appName=${vscode.env.appName} uiKind=${vscode.env.uiKind} ` +
        `remoteName=${vscode.env.remoteName ?? '(local)'}`,
    );
  });

  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const ext = getExtension();
    const exports: unknown = await ext.activate();
    assert.equal(ext.isActive, true, 'extension is active');
    assert.equal(typeof exports, 'object', 'activate() returns the test API object');
    assert.notEqual(exports, null, 'activate() returns the test API object');
    const manifest: unknown = ext.packageJSON;
    const version = isRecord(manifest) ? stringField(manifest, 'version') : undefined;
    console.log(`extension ${ext.id} ${version ?? '?'} loaded from ${ext.extensionPath}`);
  });

  it('registers every command contributed in package.json', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = contributedCommands();
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed commands without a handler: ${missing.join(', ')}`);
    console.log(`${declared.length} contributed commands registered`);
  });

  it('opens every contributed view container', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const containers = new Set([...contributedViewContainers(), ...contributedViews().map((v) => v.container)]);
    for (const container of containers) {
      const command = containerCommand(container);
      assert.ok(registered.has(command), `view container ${container} has its command ${command}`);
      await vscode.commands.executeCommand(command);
    }
  });

  it('resolves every contributed view', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const views = contributedViews();
    for (const view of views) {
      const focus = `${view.id}.focus`;
      assert.ok(registered.has(focus), `view ${view.id} ("${view.name}") is registered (${focus})`);
      await vscode.commands.executeCommand(focus);
    }
    console.log(`${views.length} contributed views resolved`);
  });
});
