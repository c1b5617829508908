// Shared helpers for the in-editor suites: the extension's test API and polling waits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/extension';

export const EXTENSION_ID = 'velt-tools.velt-workflow-inspector';
export const SANDBOX = 'Sandbox (local)';

export async function inspector(): Promise<InspectorTestApi> {
  const extension = vscode.extensions.getExtension<InspectorTestApi>(EXTENSION_ID);
  assert.ok(extension, 'extension installed');
  const api = await extension.activate();
  assert.ok(api, 'activate() returns the test API in test mode');
  // Activation starts the first sign-in read without waiting for it; the suites assert on its answer.
  await api.environments.whenSettled();
  return api;
}

export async function useSandbox(): Promise<InspectorTestApi> {
  const api = await inspector();
  await vscode.commands.executeCommand('velt.selectEnvironment', SANDBOX);
  assert.equal(api.environments.active.name, SANDBOX);
  await api.environments.baseUrl();
  return api;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
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

/**
 * A 429 with Retry-After pauses every request to the sandbox's origin (src/api/retryBudget.ts). A test that
 * provokes one waits here, after stopping what provoked it, until that pause (and any pause a request
 * still in flight renews) has ended, so the next tests start on a quiet origin.
 */
export async function waitOutOriginPause(api: InspectorTestApi, timeoutMs = 90_000): Promise<void> {
  const url = api.sandbox.current!.url;
  const started = Date.now();
  for (let quietChecks = 0; quietChecks < 2;) {
    if (Date.now() - started > timeoutMs) assert.fail(`the sandbox origin was still paused after ${timeoutMs} ms`);
    const remaining = api.api.budgets.pauseRemainingMs(url);
    quietChecks = remaining > 0 ? 0 : quietChecks + 1;
    await sleep(remaining > 0 ? remaining + 100 : 500);
  }
}
