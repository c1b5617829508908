// API text stays text in the editor: the sandbox's hostile execution (markup, `command:` links, `$(icon)`
// syntax, entities, bidi and control characters, a 2,000-character id) through both trees, the hover,
// notifications, quick picks and status bar messages. What the extension hands to VS Code is checked
// with the patterns VS Code itself parses: notification links and theme icons.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOVER_COMMANDS } from '../../src/hover/hoverContent';
import { Commands } from '../../src/ids';
import { HOSTILE } from '../../src/sandbox/hostile';
import { SANDBOX_EXECUTIONS } from '../../src/sandbox/server';
import type { TreeNode } from '../../src/tree/nodes';
import type { ExecutionView } from '../../src/api';
import { linkedCommands } from '../../src/util/markdown';
import { SANDBOX, setSetting, sleep, useSandbox, waitFor } from './helpers';

const HOSTILE_ID = (SANDBOX_EXECUTIONS as Record<string, string>)['hostile']!;
/** What a notification turns into a link (VS Code's parseLinkedText). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
/** An icon a label draws (a leading backslash escapes it). */
const THEME_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?)\)/g;
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Icons in a plain string, except the ones our own text starts with. */
function dataIcons(text: string, ours: readonly string[] = []): string[] {
  return [...text.matchAll(THEME_ICON)]
    .filter((m) => m[1] === undefined && !(m.index === 0 && ours.includes(m[2]!)))
    .map((m) => m[0]);
}

/** Labels, descriptions, quick pick rows, status bar text: VS Code draws icons there (no links). */
function assertLabel(text: string | undefined, where: string, ours: readonly string[] = []): void {
  if (text === undefined) return;
  assert.deepEqual(dataIcons(text, ours), [], `no icon from data in ${where}: ${JSON.stringify(text).slice(0, 300)}`);
  assert.ok(!CONTROL_OR_BIDI.test(text), `no control or bidi character in ${where}`);
}

/** Notification text: VS Code turns `[label](command:…)` into a link there. */
function assertMessage(text: string, where: string): void {
  assertLabel(text, where);
  assert.ok(!NOTIFICATION_LINK.test(text), `no link in ${where}: ${JSON.stringify(text).slice(0, 300)}`);
}

/**
 * A MarkdownString that holds API data: no raw tag, no link but ours, no code span, and after the
 * markdown escapes are gone (when VS Code draws icons) no icon but the ones our text puts at a line start.
 */
function assertMarkdown(md: vscode.MarkdownString, where: string, allowedCommands: readonly string[] = []): void {
  const value = md.value;
  assert.equal(md.supportHtml ?? false, false, `${where}: no HTML support`);
  assert.ok(!/<[a-z!/]/i.test(value), `${where}: no raw tag in ${value.slice(0, 300)}`);
  assert.ok(!/(?<!\\)`/.test(value), `${where}: no code span in ${value.slice(0, 300)}`);
  for (const command of linkedCommands(value))
    assert.ok(allowedCommands.includes(command), `${where}: links ${command}`);
  assert.ok(!/(?<!\\)\]\((?!command:velt\.)/.test(value), `${where}: no link from data in ${value.slice(0, 300)}`);
  const rendered = value.replace(/\\([\\`*_{}[\]()#+\-.!|~:=^"'])/g, '$1');
  const fromData = rendered
    .split('\n')
    .map((line) => line.replace(/^(\$\([a-z-~]+\) )+/, ''))
    .join('\n')
    .replace(/\[\$\([a-z-]+\) [A-Za-z ]+\]\(command:velt\.[^)]*\)/g, ''); // the hover's own action links
  assert.deepEqual(dataIcons(fromData), [], `${where}: no icon from data in ${value.slice(0, 300)}`);
  assert.ok(!CONTROL_OR_BIDI.test(value.replace(/\n/g, '')), `${where}: no control or bidi character`);
}

/** What a reader sees: the invisible breaks that defuse link and icon syntax removed. */
function visible(text: string): string {
  return text.replace(/\u200b/g, '');
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function assertTreeItem(item: vscode.TreeItem, where: string): void {
  assertLabel(labelOf(item), `${where} label`);
  assertLabel(typeof item.description === 'string' ? item.description : undefined, `${where} description`);
  assertLabel(item.accessibilityInformation?.label, `${where} accessibility label`);
  if (typeof item.tooltip === 'string') assertLabel(item.tooltip, `${where} tooltip`);
  else if (item.tooltip) {
    assert.ok(!item.tooltip.isTrusted, `${where}: tooltip is not trusted`);
    assertMarkdown(item.tooltip, `${where} tooltip`);
  }
}

interface Shown {
  api: string;
  text: string;
  extra: unknown[];
}

/** Replaces the notification, status bar and quick pick functions the extension calls; answers "dismissed". */
function spyOnWindow(): { shown: Shown[]; picks: vscode.QuickPick<vscode.QuickPickItem>[]; restore: () => void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const shown: Shown[] = [];
  const picks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  const originals = new Map<string, unknown>();
  const replace = (name: string, fake: (...args: unknown[]) => unknown): void => {
    originals.set(name, win[name]);
    win[name] = fake;
  };
  for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
    replace(name, (text: unknown, ...extra: unknown[]) => {
      shown.push({ api: name, text: String(text), extra });
      return Promise.resolve(undefined);
    });
  }
  replace('setStatusBarMessage', (text: unknown) => {
    shown.push({ api: 'setStatusBarMessage', text: String(text), extra: [] });
    return new vscode.Disposable(() => undefined);
  });
  replace('showQuickPick', (items: unknown, options: unknown) => {
    shown.push({
      api: 'showQuickPick',
      text: (options as vscode.QuickPickOptions | undefined)?.title ?? '',
      extra: items as unknown[],
    });
    return Promise.resolve(undefined);
  });
  const createQuickPick = win['createQuickPick'] as () => vscode.QuickPick<vscode.QuickPickItem>;
  replace('createQuickPick', () => {
    const pick = createQuickPick.call(vscode.window);
    picks.push(pick);
    return pick;
  });
  return {
    shown,
    picks,
    restore: () => {
      for (const [name, original] of originals) win[name] = original;
    },
  };
}

describe('API text is inert in every sink (hostile execution)', function () {
  this.timeout(120_000);
  let spy: ReturnType<typeof spyOnWindow>;

  before(async () => {
    await setSetting('pollIntervalMs', 1000);
    const api = await useSandbox();
    for (const id of api.pins.list(SANDBOX)) await api.pins.unpin(SANDBOX, id);
    spy = spyOnWindow();
  });
  after(async () => {
    spy?.restore(); // undefined when `before` failed
    const api = await useSandbox();
    await api.pins.unpin(SANDBOX, HOSTILE_ID);
    api.panels.find(SANDBOX, HOSTILE_ID)?.panel.dispose();
    await setSetting('notifications', undefined);
    await setSetting('pollIntervalMs', undefined);
  });

  it('opening a finished execution offers no Pin toast (Pin is in the panel header)', async () => {
    const api = await useSandbox();
    const before = spy.shown.length;
    await vscode.commands.executeCommand(Commands.openExecution, { executionId: HOSTILE_ID, source: 'hover' });
    await waitFor('the execution loaded', () => api.store.peek(HOSTILE_ID));
    await sleep(1000);
    assert.deepEqual(
      spy.shown.slice(before).filter((s) => /Pin it/.test(s.text)),
      [],
    );
    api.panels.find(SANDBOX, HOSTILE_ID)?.panel.dispose();
  });

  it('tree items of both views show the hostile fields as text', async () => {
    const api = await useSandbox();
    await api.pins.pin(SANDBOX, HOSTILE_ID);
    await waitFor('hostile execution loaded', () => api.store.peek(HOSTILE_ID));
    const tree = api.trees.pinned;
    const root = (tree.getChildren() as TreeNode[]).find(
      (n) => n.kind === 'execution' && n.executionId === HOSTILE_ID,
    )!;
    const nodes: TreeNode[] = [root];
    for (let i = 0; i < nodes.length; i++) nodes.push(...(tree.getChildren(nodes[i]) as TreeNode[]));
    const items = nodes.map((n) => tree.getTreeItem(n));
    assert.ok(items.length >= 6, `the execution and its steps (${items.length} items)`);
    assert.ok(labelOf(items[0]!).includes('command:workbench.action.quit'), 'the hostile definition id is the label');
    assert.ok(
      items.some((i) => labelOf(i).startsWith('oracle$')),
      'the step whose node id holds $(alert)',
    );
    items.forEach((item, i) => assertTreeItem(item, `pinned item ${i} (${labelOf(item).slice(0, 30)})`));

    const recent = api.trees.recent;
    const row = await waitFor(
      'the hostile row in Executions',
      async () => {
        const found = (await recent.getChildren()).find((n) => n.kind === 'execution' && n.executionId === HOSTILE_ID);
        if (!found) await recent.loadMore();
        return found;
      },
      30_000,
    );
    assertTreeItem(recent.getTreeItem(row), 'Executions row');
  });

  it('the hover shows hostile fields as text, links only to its own trusted commands', async () => {
    const document = await vscode.workspace.openTextDocument({ content: `started ${HOSTILE_ID} today\n` });
    const hovers = await waitFor('our hover', async () => {
      const all = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(0, 12),
      );
      const ours = all
        .flatMap((h) => h.contents)
        .filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('h0st1l3x'));
      return ours.length > 0 && ours.some((c) => c.value.includes('hostile')) ? ours : false;
    });
    for (const md of hovers) {
      assertMarkdown(md, 'hover', HOVER_COMMANDS);
      assert.ok(!md.value.includes(`\`${HOSTILE_ID}\``), 'the id is not in a code span');
      const trusted = md.isTrusted;
      if (typeof trusted === 'object')
        assert.ok(!trusted.enabledCommands.includes(Commands.setCredentials), 'Set Credentials is not trusted');
    }
    assert.ok(!HOVER_COMMANDS.includes(Commands.setCredentials));
  });

  it('notifications about a pinned execution show node ids and failure messages as text', async () => {
    const api = await useSandbox();
    await setSetting('notifications', true);
    await api.pins.pin(SANDBOX, HOSTILE_ID);
    const real = await waitFor('hostile execution loaded', () => api.store.peek(HOSTILE_ID));
    const oracle = real.steps.find((s) => s.nodeId.startsWith('oracle'))!;
    const running: ExecutionView = {
      ...real,
      status: 'running',
      completedAt: null,
      failureReason: null,
      steps: real.steps.map((s) => ({ ...s, status: 'completed' })),
    };
    const waiting: ExecutionView = {
      ...running,
      // A human step: only those wait for approval (agents and webhooks also wait, without a notification).
      steps: running.steps.map((s) =>
        s.stepId === oracle.stepId ? { ...s, status: 'waiting', nodeType: 'human' } : s,
      ),
    };
    const before = spy.shown.length;
    api.store.put(SANDBOX, running);
    api.store.put(SANDBOX, waiting);
    const waitingToast = await waitFor('the waiting notification', () =>
      spy.shown.slice(before).find((s) => s.text.includes('waiting for approval at')),
    );
    assert.ok(waitingToast.text.includes('oracle$'), 'the node id is shown');
    api.store.put(SANDBOX, real);
    const failedToast = await waitFor('the failed notification', () =>
      spy.shown.slice(before).find((s) => s.api === 'showErrorMessage' && s.text.includes(' failed')),
    );
    assert.ok(
      visible(failedToast.text).includes(`${HOSTILE.icon} ${HOSTILE.entityIcon}`),
      'the failure message is shown as it is',
    );
    assertMessage(waitingToast.text, 'the waiting notification');
    assertMessage(failedToast.text, 'the failed notification');

    // The running picker lists the same data (labels draw icons).
    api.store.put(SANDBOX, waiting);
    await vscode.commands.executeCommand(Commands.showRunning);
    const runningPick = spy.shown.slice(before).find((s) => s.api === 'showQuickPick');
    assert.ok(runningPick, 'Show Running opened its quick pick');
    for (const item of runningPick.extra as vscode.QuickPickItem[]) {
      assertLabel(item.label, 'running pick label', ['bell-dot', 'sync~spin']);
      assertLabel(item.description, 'running pick description');
      assertLabel(item.detail, 'running pick detail');
    }
    api.store.put(SANDBOX, real);
  });

  it('quick picks and status bar messages show hostile ids as text', async () => {
    await useSandbox();
    const before = spy.shown.length;
    assert.equal(await vscode.commands.executeCommand(Commands.unpinExecution), 0, 'the picker was dismissed');
    const unpinPick = spy.shown.slice(before).find((s) => s.api === 'showQuickPick');
    assert.ok(unpinPick, 'Unpin offered its quick pick');
    const items = unpinPick.extra as vscode.QuickPickItem[];
    assert.ok(items.some((i) => i.label.includes('hostile-')));
    for (const item of items) {
      assertLabel(item.label, 'unpin pick label');
      assertLabel(item.description, 'unpin pick description');
    }

    assert.ok(await vscode.commands.executeCommand(Commands.copyCorrelationId, { executionId: HOSTILE_ID }));
    const copied = spy.shown
      .slice(before)
      .find((s) => s.api === 'setStatusBarMessage' && s.text.includes('correlation'));
    assert.ok(copied && copied.text.includes('corr_'), 'the status bar message shows the correlation id');
    assertLabel(copied.text, 'the copy message', ['copy']);

    // Open Execution's picker lists the recently opened hostile execution.
    const opening = vscode.commands.executeCommand(Commands.openExecution);
    const picker = await waitFor('the Open Execution picker', () => spy.picks[spy.picks.length - 1]);
    const rows = await waitFor('its rows', () =>
      picker.items.some((i) => i.label.includes('hostile-')) ? picker.items : false,
    );
    for (const row of rows) {
      assertLabel(row.label, 'picker label', [
        'pass-filled',
        'error',
        'sync',
        'clock',
        'question',
        'circle-slash',
        'bell-dot',
        'flame',
        'info',
        'warning',
        'go-to-file',
      ]);
      assertLabel(row.description, 'picker description');
      assertLabel(row.detail, 'picker detail');
    }
    picker.hide();
    assert.equal(await opening, undefined, 'dismissing the picker opens nothing');
  });
});
