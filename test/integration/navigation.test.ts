// Getting to an execution (issue 6) in the real editor against the built-in sandbox: hovers on ids in
// an untitled plain-text document, cancellation, no network while signed out, the settings, document
// links, the vscode:// deep-link handler, Open Execution with arguments and through its quick pick,
// and Copy Link.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ExecutionHoverProvider } from '../../src/hover/executionHover';
import { HOVER_COMMANDS } from '../../src/hover/hoverContent';
import { parseDeepLink } from '../../src/links/deepLink';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import { defaultMatcher } from '../../src/util/idMatcher';
import { inertMarkdown } from '../../src/util/inertText';
import { EXTENSION_ID, SANDBOX, inspector, setSetting, sleep, useSandbox, waitFor } from './helpers';
import { sandboxControl } from './sandboxControl';

const ids = SANDBOX_EXECUTIONS as Record<string, string>;
const GET = '/v2/workflow/executions/get';
const RECENT_KEY = 'velt.recentlyOpened.v1';

const LINES = [
  `completed: ${ids['completedParallel']}`,
  `running: ${ids['runningLongWait']}`,
  `failed: ${ids['failed']}`,
  `unknown: ${ids['agentLookalike']}`,
  `near misses: x${ids['completedParallel']} exec_123_abc ${ids['failed']!.toUpperCase()}`,
  `{"executionId":"${ids['internalFirst']}","status":"completed"}`,
  `slow: ${ids['slow']}`,
  `${'x'.repeat(30_000)} ${ids['cancelled']} tail`,
];

function text(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The extension's hovers: they name the id (Markdown-escaped, so `exec\_…`). */
function ours(hovers: vscode.Hover[]): vscode.Hover[] {
  return hovers.filter((h) => h.contents.some((c) => typeof c !== 'string' && /exec\\?_\d{13}/.test(c.value)));
}

describe('navigation: hovers, links and deep links on execution ids', function () {
  this.timeout(120_000);
  let doc: vscode.TextDocument;

  const position = (line: number, id: string, offset = 4): vscode.Position =>
    new vscode.Position(line, LINES[line]!.indexOf(id) + offset);
  const hoverAt = async (pos: vscode.Position): Promise<vscode.Hover[]> =>
    ours(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
  const requests = async (): Promise<number> => (await inspector()).requestCounts.get(GET) ?? 0;

  before(async () => {
    await useSandbox();
    doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: LINES.join('\n') });
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    for (const key of ['hover.enabled', 'hover.disabledLanguages', 'hover.idPatterns', 'links.enabled', 'environments'])
      await setSetting(key, undefined);
    await (await inspector()).environments.select(SANDBOX);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('hover', () => {
    it('a completed execution: status, definition, steps and only our command links, trusted for our commands only', async () => {
      const id = ids['completedParallel']!;
      const hovers = await hoverAt(position(0, id));
      assert.equal(hovers.length, 1, 'one hover from the extension');
      const [hover] = hovers;
      const md = hover!.contents[0] as vscode.MarkdownString;
      assert.match(md.value, /^\$\(pass-filled\) \*\*Completed\*\* · /);
      assert.ok(md.value.includes(inertMarkdown(id)), 'the id, as text');
      assert.match(md.value, /Steps: \d+ completed/);
      assert.ok(md.value.includes('Sandbox \\(local\\)'));
      const commands = [...md.value.matchAll(/command:([\w.]+)/g)].map((m) => m[1]!);
      assert.ok(
        commands.includes('velt.openExecution') &&
          commands.includes('velt.copyExecutionId') &&
          commands.includes('velt.refreshExecution'),
      );
      assert.ok(
        commands.every((c) => HOVER_COMMANDS.includes(c)),
        commands.join(),
      );
      assert.ok(
        typeof md.isTrusted === 'object' &&
          [...md.isTrusted.enabledCommands].sort().join() === [...HOVER_COMMANDS].sort().join(),
        `isTrusted: ${JSON.stringify(md.isTrusted)}`,
      );
      assert.ok(md.supportThemeIcons);
      assert.ok(
        hover!.range?.isEqual(new vscode.Range(0, LINES[0]!.indexOf(id), 0, LINES[0]!.indexOf(id) + id.length)),
        'the range is the id',
      );
    });

    it('a running execution waiting for approval: who it waits for', async () => {
      const id = ids['runningLongWait']!;
      const value = await waitFor(
        'the human step to wait',
        async () => {
          await (await inspector()).store.get(id, { force: true });
          const t = text(await hoverAt(position(1, id)));
          return t.includes('Waiting for approval') ? t : undefined;
        },
        30_000,
      );
      assert.match(value, /^\$\(bell-dot\) \*\*Waiting for approval\*\*/);
      assert.match(value, /running for /);
      assert.match(value, /Waiting for approval: \*\*human\\-legal\*\* — 2 reviewers \(2 mandatory\)/);
    });

    it('a failed execution: the failure reason', async () => {
      const value = text(await hoverAt(position(2, ids['failed']!)));
      assert.match(value, /^\$\(error\) \*\*Failed\*\*/);
      assert.match(value, /\n\$\(error\) [^\n]+\\-/, 'the failure code and message');
    });

    it('an unknown id (an agent run shares the prefix): "not a workflow execution", not an error', async () => {
      const value = text(await hoverAt(position(3, ids['agentLookalike']!)));
      assert.ok(
        value.includes(`${inertMarkdown(ids['agentLookalike']!)} is not a workflow execution in Sandbox \\(local\\)`),
        value,
      );
      assert.ok(!value.includes('$(warning)') && !value.includes('$(error)'));
    });

    it('no hover on near misses or beside an id', async () => {
      for (const at of [
        new vscode.Position(4, 15),
        new vscode.Position(4, LINES[4]!.indexOf('exec_123') + 3),
        new vscode.Position(4, LINES[4]!.indexOf('EXEC') + 5),
        new vscode.Position(0, 3),
      ]) {
        assert.deepEqual(await hoverAt(at), [], `at ${at.character}`);
      }
    });

    it('ids inside JSON and on a 30,000-character line', async () => {
      assert.match(text(await hoverAt(position(5, ids['internalFirst']!))), /\*\*Completed\*\*/);
      assert.match(text(await hoverAt(position(7, ids['cancelled']!))), /\$\(circle-slash\) \*\*Cancelled\*\*/);
    });

    it('hovering the same id again costs no request; identical hovers at once share one', async () => {
      const api = await inspector();
      const id = ids['completedParallel']!;
      const before = await requests();
      for (let i = 0; i < 10; i++) await hoverAt(position(0, id, i));
      assert.equal(await requests(), before, 'a cached terminal execution is not fetched again');

      const fresh = ids['internalFirst']!;
      const cold = api.store.peek(fresh) === undefined || !api.store.isFresh(fresh);
      const start = await requests();
      await Promise.all(Array.from({ length: 5 }, (_, i) => hoverAt(position(5, fresh, i + 2))));
      assert.ok(
        (await requests()) - start <= (cold ? 1 : 0),
        `5 simultaneous hovers made ${(await requests()) - start} requests`,
      );
    });

    it('honours the cancellation token: the hover gives up at once and the request is aborted', async () => {
      const api = await inspector();
      const provider = new ExecutionHoverProvider({
        settings: () => ({ enabled: true, disabledLanguages: [], matcher: defaultMatcher() }),
        environments: api.environments,
        store: api.store,
        pins: api.pins,
      });
      const before = (await sandboxControl(api).stats()).byStatus['aborted'] ?? 0;
      const cts = new vscode.CancellationTokenSource();
      const started = Date.now();
      const pending = provider.provideHover(doc, position(6, ids['slow']!), cts.token);
      await sleep(200);
      cts.cancel();
      assert.equal(await pending, undefined);
      assert.ok(Date.now() - started < 2_000, 'did not wait for the 4 s answer');
      await waitFor(
        'the sandbox to see the client leave',
        async () => ((await sandboxControl(api).stats()).byStatus['aborted'] ?? 0) > before,
        10_000,
      );
    });

    it('settings: off, off for a language, and custom id patterns (an invalid one is ignored)', async () => {
      const pos = position(0, ids['completedParallel']!);
      await setSetting('hover.enabled', false);
      assert.deepEqual(await hoverAt(pos), []);
      await setSetting('hover.enabled', undefined);
      await setSetting('hover.disabledLanguages', ['plaintext']);
      assert.deepEqual(await hoverAt(pos), []);
      await setSetting('hover.disabledLanguages', undefined);
      await setSetting('hover.idPatterns', ['(unclosed', '\\bexec_\\d{13}_[a-z0-9]{8}\\b']);
      assert.equal((await hoverAt(pos)).length, 1, 'the valid pattern still works');
      assert.deepEqual(
        await hoverAt(position(3, ids['agentLookalike']!)),
        [],
        '12-character agent-run suffixes no longer match',
      );
      await setSetting('hover.idPatterns', undefined);
      assert.equal((await hoverAt(position(3, ids['agentLookalike']!))).length, 1);
    });

    it('signed out: no network, and the hover names Set Credentials and links Try the Sandbox', async () => {
      const api = await inspector();
      await setSetting('environments', [{ name: 'Nowhere (test)', baseUrl: 'https://127.0.0.1:9' }]);
      await api.environments.select('Nowhere (test)');
      assert.equal(api.environments.isSignedIn, false);
      const before = [...api.requestCounts.values()].reduce((a, b) => a + b, 0);
      const value = text(await hoverAt(position(2, ids['failed']!)));
      assert.ok(value.includes('not signed in'), value);
      assert.ok(
        value.includes('Velt: Set Credentials') &&
          !value.includes('command:velt.setCredentials') &&
          value.includes('command:velt.trySandbox'),
        value,
      );
      assert.equal(
        [...api.requestCounts.values()].reduce((a, b) => a + b, 0),
        before,
        'no request while signed out',
      );
      await api.environments.select(SANDBOX);
      await setSetting('environments', undefined);
    });
  });

  describe('document links', () => {
    it('every valid id is a command link to Open Execution; near misses are not', async () => {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      const found = links.filter((l) => l.target?.scheme === 'command');
      const expected = [
        ids['completedParallel'],
        ids['runningLongWait'],
        ids['failed'],
        ids['agentLookalike'],
        ids['internalFirst'],
        ids['slow'],
        ids['cancelled'],
      ];
      assert.deepEqual(
        found.map((l) => doc.getText(l.range)),
        expected,
      );
      for (const link of found) {
        assert.equal(link.target!.path, 'velt.openExecution');
        const args = JSON.parse(decodeURIComponent(link.target!.query)) as [{ executionId: string }];
        assert.equal(args[0].executionId, doc.getText(link.range));
      }
    });

    it('ids printed in the terminal are links that open the execution', async () => {
      const api = await useSandbox();
      const id = SANDBOX_EXECUTIONS['cancelled']!;
      const line = `[ci] dispatched ${id} (see exec_123_short and xexec_1793545200391_c4nc3l9x)`;
      const links = api.navigation.terminalLinks.provideTerminalLinks({
        line,
        terminal: undefined as unknown as vscode.Terminal,
      });
      assert.deepEqual(
        links.map((l) => line.slice(l.startIndex, l.startIndex + l.length)),
        [id],
      );
      await api.navigation.terminalLinks.handleTerminalLink(links[0]!);
      await waitFor('the panel opened from the terminal link', () => api.panels.find(SANDBOX, id));
      api.panels.find(SANDBOX, id)!.panel.dispose();
    });

    it('can be turned off', async () => {
      await setSetting('links.enabled', false);
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      assert.equal(links.filter((l) => l.target?.scheme === 'command').length, 0);
      await setSetting('links.enabled', undefined);
    });
  });

  describe('Open Execution, deep links and Copy Link', () => {
    const recent = async (): Promise<string[]> => {
      const all = (await inspector()).globalState.get<Record<string, { executionId: string }[]>>(RECENT_KEY) ?? {};
      return (all[SANDBOX] ?? []).map((e) => e.executionId);
    };

    it('opens with an id, or with pasted text that contains one, and remembers it', async () => {
      await useSandbox();
      assert.equal(await vscode.commands.executeCommand('velt.openExecution', ids['failed']), ids['failed']);
      assert.equal(
        await vscode.commands.executeCommand(
          'velt.openExecution',
          `see https://console.velt.dev/e/${ids['completedParallel']}?x=1`,
        ),
        ids['completedParallel'],
      );
      assert.equal(await vscode.commands.executeCommand('velt.openExecution', 'exec_123_nope'), undefined);
      await waitFor('both in recently opened', async () => {
        const list = await recent();
        return list[0] === ids['completedParallel'] && list.includes(ids['failed']!);
      });
    });

    it('does not remember an id that does not exist', async () => {
      await vscode.commands.executeCommand('velt.openExecution', ids['notFound']);
      await sleep(1_000);
      assert.ok(!(await recent()).includes(ids['notFound']!));
    });

    it('the quick pick is pre-filled with the id under the cursor and opens it', async () => {
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(position(2, ids['failed']!), position(2, ids['failed']!));
      const opened = vscode.commands.executeCommand<string | undefined>('velt.openExecution');
      await sleep(1_000);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await opened, ids['failed']);
    });

    it('the quick pick lists recently opened executions', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const opened = vscode.commands.executeCommand<string | undefined>('velt.openExecution');
      await sleep(1_000);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const chosen = await opened;
      assert.ok(chosen, 'an execution was picked');
      await waitFor(`${chosen} in recently opened`, async () => (await recent())[0] === chosen);
    });

    it('the URI handler opens a well-formed link in the active environment', async () => {
      const api = await useSandbox();
      const uri = vscode.Uri.parse(
        `${vscode.env.uriScheme}://${EXTENSION_ID}/open?executionId=${ids['cancelled']}&environment=${encodeURIComponent(SANDBOX)}`,
      );
      assert.equal(await api.navigation.deepLinks.open(uri), 'opened');
      await waitFor('remembered', async () => (await recent())[0] === ids['cancelled']);
    });

    it('the URI handler refuses malformed ids and unknown paths', async () => {
      const api = await inspector();
      for (const link of [
        `/open?executionId=${encodeURIComponent('<script>')}`,
        '/open',
        `/delete?executionId=${ids['failed']}`,
      ]) {
        assert.equal(
          await api.navigation.deepLinks.open(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}${link}`)),
          'refused',
          link,
        );
      }
    });

    it('the URI handler asks before switching environment, and when the environment is not configured', async () => {
      const api = await useSandbox();
      const url = await api.environments.baseUrl();
      await setSetting('environments', [{ name: 'Staging (nav)', baseUrl: url }]);
      await vscode.commands.executeCommand('velt.setCredentials', {
        environment: 'Staging (nav)',
        apiKey: 'sandbox',
        authToken: 'sandbox',
        skipVerify: true,
      });
      await api.environments.select('Staging (nav)');
      const asked: string[] = [];
      const handler = api.navigation.deepLinks;
      const original = handler.ask;
      try {
        handler.ask = async (message, _detail, ...choices) => {
          asked.push(message);
          return choices[0];
        };
        const link = (env: string): vscode.Uri =>
          vscode.Uri.parse(
            `${vscode.env.uriScheme}://${EXTENSION_ID}/open?executionId=${ids['failed']}&environment=${encodeURIComponent(env)}`,
          );
        assert.equal(await handler.open(link(SANDBOX)), 'opened');
        assert.equal(api.environments.active.name, SANDBOX, 'switched after asking');
        assert.equal(asked.length, 1);
        assert.equal(
          await handler.open(link('Mars (unknown)')),
          'opened',
          'opened in the active environment after asking',
        );
        assert.equal(asked.length, 2);
        assert.match(asked[1]!, /not configured/);
        handler.ask = async () => undefined;
        assert.equal(await handler.open(link('Mars (unknown)')), 'cancelled');
        assert.equal(await handler.open(link(SANDBOX)), 'opened', 'no question for the active environment');
        assert.equal(asked.length, 2);
      } finally {
        handler.ask = original;
        await api.environments.select(SANDBOX);
        await setSetting('environments', undefined);
      }
    });

    it('Copy Link copies a deep link for a node or id that the handler accepts', async () => {
      const link = await vscode.commands.executeCommand<string>('velt.copyLink', {
        kind: 'execution',
        view: 'pinned',
        executionId: ids['failed'],
      });
      assert.equal(await vscode.env.clipboard.readText(), link);
      const url = new URL(link);
      assert.equal(url.protocol, `${vscode.env.uriScheme}:`);
      assert.equal(url.host, EXTENSION_ID);
      assert.deepEqual(parseDeepLink(url.pathname, url.search.slice(1)), {
        ok: true,
        executionId: ids['failed'],
        environment: SANDBOX,
      });
    });
  });
});
