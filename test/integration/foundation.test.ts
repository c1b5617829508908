// Credentials, environments and the built-in sandbox in the real editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { SANDBOX, inspector, setSetting, useSandbox } from './helpers';

describe('credentials and environments', () => {
  const STAGING = 'Staging (test)';

  before(async () => {
    const api = await inspector();
    const sandboxUrl = await (async () => {
      await useSandbox();
      return api.environments.baseUrl();
    })();
    // A second "real" environment that points at the same local simulator, with its own credentials.
    await setSetting('environments', [
      { name: 'Production', baseUrl: 'https://api.velt.dev' },
      { name: STAGING, baseUrl: sandboxUrl },
    ]);
  });

  after(async () => {
    await setSetting('environments', undefined);
    await vscode.commands.executeCommand('velt.selectEnvironment', SANDBOX);
  });

  it('the Sandbox environment answers a real request through the shared request module', async () => {
    const api = await useSandbox();
    const execution = await api.api.getExecution(SANDBOX_EXECUTIONS['completedParallel']!);
    assert.equal(execution.status, 'completed');
    assert.ok(execution.steps.length > 3);
    assert.ok(api.environments.isSignedIn, 'the sandbox counts as signed in');
  });

  it('stores verified credentials in SecretStorage only, never in settings', async () => {
    const api = await inspector();
    await vscode.commands.executeCommand('velt.selectEnvironment', STAGING);
    assert.equal(api.environments.isSignedIn, false);
    const result = await vscode.commands.executeCommand('velt.setCredentials', {
      apiKey: 'sandbox',
      authToken: 'sandbox',
    });
    assert.equal(result, 'saved');
    assert.deepEqual(
      await api.credentials.get(STAGING),
      { apiKey: 'sandbox', authToken: 'sandbox', origin: new URL(api.sandbox.current!.url).origin },
      'stored bound to the origin they were checked against',
    );
    assert.ok(api.environments.isSignedIn);
    const settings =
      JSON.stringify(vscode.workspace.getConfiguration('velt').inspect('environments')) +
      JSON.stringify(vscode.workspace.getConfiguration('velt'));
    // A value, not a key: velt.sandbox.definitions makes "sandbox" a key of the velt section.
    assert.ok(!settings.includes(':"sandbox"'), 'no credential value appears in the settings');
    const execution = await api.api.getExecution(SANDBOX_EXECUTIONS['failed']!);
    assert.equal(execution.status, 'failed');
  });

  it('rejects a wrong pair without saving it and says so', async () => {
    const api = await inspector();
    await vscode.commands.executeCommand('velt.selectEnvironment', STAGING);
    const result = await vscode.commands.executeCommand('velt.setCredentials', {
      apiKey: 'sandbox',
      authToken: 'wrong-token',
    });
    assert.equal(result, 'rejected');
    assert.deepEqual(
      await api.credentials.get(STAGING),
      { apiKey: 'sandbox', authToken: 'sandbox', origin: new URL(api.sandbox.current!.url).origin },
      'the earlier pair is kept',
    );
  });

  it('reports an unreachable service instead of a rejection', async () => {
    await setSetting('environments', [{ name: 'Offline (test)', baseUrl: 'http://127.0.0.1:9' }]);
    await vscode.commands.executeCommand('velt.selectEnvironment', 'Offline (test)');
    const result = await vscode.commands.executeCommand('velt.setCredentials', { apiKey: 'k', authToken: 't' });
    assert.equal(result, 'unreachable');
    const api = await inspector();
    assert.equal(await api.credentials.get('Offline (test)'), undefined);
  });

  it('signs out of one environment and keeps the others', async () => {
    const api = await inspector();
    const sandboxUrl = api.sandbox.current!.url;
    await setSetting('environments', [{ name: STAGING, baseUrl: sandboxUrl }]);
    await vscode.commands.executeCommand('velt.selectEnvironment', STAGING);
    assert.ok(api.environments.isSignedIn);
    assert.equal(await vscode.commands.executeCommand('velt.signOut'), true);
    assert.equal(api.environments.isSignedIn, false);
    assert.equal(await api.credentials.get(STAGING), undefined);
    await assert.rejects(
      api.api.getExecution(SANDBOX_EXECUTIONS['failed']!),
      (e: Error & { kind?: string }) => e.kind === 'missingCredentials',
    );
  });

  it('refuses plain http to a non-loopback host before sending anything', async () => {
    const api = await inspector();
    await setSetting('environments', [{ name: 'Insecure (test)', baseUrl: 'http://example.com' }]);
    await vscode.commands.executeCommand('velt.selectEnvironment', 'Insecure (test)');
    await api.credentials.set('Insecure (test)', { apiKey: 'k', authToken: 't' }, 'https://example.com');
    await assert.rejects(
      api.api.getExecution(SANDBOX_EXECUTIONS['failed']!),
      (e: Error & { kind?: string }) => e.kind === 'insecureUrl',
    );
    await api.credentials.clear('Insecure (test)');
  });
});
