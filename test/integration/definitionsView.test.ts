// The Definitions view against the sandbox: its seeded definitions, their nodes, Open Definition.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DefinitionsNode } from '../../src/tree/definitionsTree';
import { useSandbox, waitFor } from './helpers';

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
});
