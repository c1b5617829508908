// The Definitions view against the sandbox: its seeded definitions, their nodes, Open Definition, Show
// Definition Graph.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DefinitionsNode } from '../../src/tree/definitionsTree';
import { SANDBOX, useSandbox, waitFor } from './helpers';

function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

describe('definitions view', function () {
  this.timeout(90_000);

  it("lists the sandbox's definitions; each expands to its nodes with type icon and SLA", async () => {
    const api = await useSandbox();
    const tree = api.workflowViews.definitions;
    await vscode.commands.executeCommand('velt.refreshDefinitions');
    const roots = await waitFor('the definitions listed', () => {
      const nodes = tree.getChildren();
      return nodes.some((n) => n.kind === 'definition') ? nodes : undefined;
    });
    const ids = roots.flatMap((n) => (n.kind === 'definition' ? [n.definitionId] : []));
    for (const id of ['doc-signoff', 'vendor-onboarding', 'contract-review', 'invoice-approval'])
      assert.ok(ids.includes(id), `${id} listed (got ${ids.join(', ')})`);
    assert.ok(!roots.some((n) => n.kind === 'notice' && n.icon === 'warning'), 'no error row');

    const vendor = roots.find((n) => n.kind === 'definition' && n.definitionId === 'vendor-onboarding')!;
    const item = tree.getTreeItem(vendor);
    assert.match(String(item.description), /v\d+ · \d+ nodes/);
    assert.ok(String(item.contextValue).includes('<definition>'));

    const children = tree.getChildren(vendor) as DefinitionsNode[];
    const items = children.map((c) => tree.getTreeItem(c));
    const review = items.find((i) => String(i.description).startsWith('human'));
    assert.ok(review, 'a human node');
    assert.equal(iconId(review), 'person');
    assert.match(String(review.description), /SLA 1m 00s/, 'the 60 s SLA of the vendor review');
    assert.match(String(review.description), /reviewer/);
    assert.ok(
      items.some((i) => iconId(i) === 'globe'),
      'a webhook node shows the globe',
    );
  });

  it('opens a definition as read-only JSON', async () => {
    await useSandbox();
    await vscode.commands.executeCommand('velt.openDefinition', {
      kind: 'definition',
      definitionId: 'contract-review',
    });
    const editor = await waitFor('the definition document', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'velt-definition' && e.document.getText().includes('"nodes"') ? e : undefined;
    });
    assert.equal(editor.document.languageId, 'json');
    const parsed = JSON.parse(editor.document.getText()) as { definitionId: string; nodes: unknown[] };
    assert.equal(parsed.definitionId, 'contract-review');
    assert.ok(parsed.nodes.length >= 3);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("shows a definition's graph without a run, one panel per definition, its nodes drawn in the webview", async () => {
    const api = await useSandbox();
    const arg = { kind: 'definition', definitionId: 'vendor-onboarding' };
    await vscode.commands.executeCommand('velt.showDefinitionGraph', arg);
    const graph = await waitFor('the definition graph panel', () =>
      api.panels.definitionGraphs.find(SANDBOX, 'vendor-onboarding'),
    );
    const declared = await waitFor('the definition read', () => graph.current);
    const drawn = await waitFor(
      'the nodes drawn in the webview',
      async () => {
        const stats = graph.isReady ? await graph.probe() : undefined;
        return stats && stats.graphNodes.length > 0 ? stats : undefined;
      },
      30_000,
    );
    const expected = declared.layout.nodes.map((n) => n.id);
    assert.ok(expected.length >= 3, `the vendor onboarding nodes (got ${expected.join(', ')})`);
    assert.deepEqual(drawn.graphNodes, expected);
    assert.equal(drawn.foreignElements, 0, drawn.foreignTags.join(', '));
    assert.equal(drawn.domRows, 0, 'no event list');
    assert.ok(
      declared.status.nodes.every((n) => n.status === null),
      'no run: nothing reached',
    );
    assert.deepEqual(declared.status.fired, []);
    assert.equal(declared.header.nodes, expected.length);
    assert.match(graph.panel.title, /^vendor-onboarding · graph$/);
    assert.equal(graph.panel.webview.options.enableCommandUris, false);

    await vscode.commands.executeCommand('velt.showDefinitionGraph', arg);
    assert.equal(api.panels.definitionGraphs.find(SANDBOX, 'vendor-onboarding'), graph, 'the same panel, revealed');
    assert.equal(graph.panel.active, true);
    graph.panel.dispose();
    assert.equal(api.panels.definitionGraphs.find(SANDBOX, 'vendor-onboarding'), undefined, 'closed: gone');
  });
});
