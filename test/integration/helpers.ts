// Shared helpers for the in-editor suites: the extension's test API and polling waits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';

export const EXTENSION_ID = 'velt-tools.velt-workflow-inspector';
export const SANDBOX = 'Sandbox (local)';

export async function inspector(): Promise<InspectorTestApi> {
  const extension = vscode.extensions.getExtension<InspectorTestApi>(EXTENSION_ID);
  assert.ok(extension, 'extension installed');
  return extension.activate();
}

export async function useSandbox(): Promise<InspectorTestApi> {
  const api = await inspector();
  await vscode.commands.executeCommand('velt.selectEnvironment', SANDBOX);
  assert.equal(api.environments.active.name, SANDBOX);
  await api.environments.baseUrl();
  return api;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('velt').update(key, value, vscode.ConfigurationTarget.Global);
}
