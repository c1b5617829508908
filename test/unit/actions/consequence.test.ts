import * as assert from 'node:assert/strict';
import { consequenceOf } from '../../../src/actions/consequence';
import type { DefinitionView } from '../../../src/api';

function definition(overrides: Partial<DefinitionView> = {}): DefinitionView {
  return {
    definitionId: 'doc-flow',
    name: 'Doc flow',
    description: null,
    version: 1,
    status: 'active',
    createdAt: 1,
    updatedAt: 1,
    tags: [],
    nodes: [],
    edges: [
      {
        from: { kind: 'node', nodeId: 'review' },
        to: { kind: 'node', nodeId: 'draft' },
        on: 'reject',
        when: null,
        loop: { maxIterations: 3 },
      },
    ],
    groups: [],
    compiled: {
      forwardEdges: [
        { from: 'draft', to: 'review', role: 'always', fromGroupId: null, toGroupId: null },
        { from: 'review', to: 'publish', role: 'approve', fromGroupId: null, toGroupId: null },
        { from: 'review', to: 'archive', role: 'reject', fromGroupId: null, toGroupId: null },
        { from: 'review', to: 'notify', role: 'always', fromGroupId: null, toGroupId: null },
        { from: 'review', to: 'audit', role: 'custom', fromGroupId: null, toGroupId: null },
        { from: 'review', to: 'giveUp', role: 'exhausted', fromGroupId: null, toGroupId: null },
      ],
      loops: [
        { loopId: 'l1', entryNodeId: 'draft', bodyNodeIds: ['draft', 'review'], maxIterations: 3, onExhausted: null },
      ],
    },
    problems: [],
    skipped: 0,
    ...overrides,
  } as DefinitionView;
}

describe('actions: the consequence sentence', () => {
  it('force approve names the approve and always edges, not the reject ones', () => {
    const text = consequenceOf({ action: 'forceApprove', nodeId: 'review', definition: definition() });
    assert.match(text, /completed with decision "approve"/);
    assert.match(text, /Fires: publish \(on approve\) and notify \(on always\)\./);
    assert.match(text, /Fires if its condition holds: audit\./);
    assert.doesNotMatch(text, /archive|giveUp|loop/);
  });

  it('force reject: the reject edge fires and the loop-back will NOT (rejectedBy is not set)', () => {
    const text = consequenceOf({ action: 'forceReject', nodeId: 'review', definition: definition() });
    assert.match(text, /Fires: archive \(on reject\) and notify \(on always\)\./);
    assert.match(text, /loop-back to draft will NOT fire: a forced reject does not set rejectedBy/);
  });

  it('a reviewer reject may take the loop-back instead', () => {
    const text = consequenceOf({ action: 'reject', nodeId: 'review', definition: definition() });
    assert.match(text, /resolves the step at once/);
    assert.match(
      text,
      /If the rejecting reviewer is mandatory, the loop-back to draft starts a new iteration instead\./,
    );
  });

  it('a reviewer approve says it resolves once every mandatory reviewer approved', () => {
    assert.match(
      consequenceOf({ action: 'approve', nodeId: 'review', definition: definition() }),
      /once every mandatory reviewer approved.*Fires: publish/,
    );
  });

  it('force fail fires always edges only; without one the execution fails', () => {
    assert.match(
      consequenceOf({ action: 'forceFail', nodeId: 'review', definition: definition() }),
      /becomes failed\. Fires: notify \(on always\)/,
    );
    const bare = definition({ compiled: { forwardEdges: [], loops: [] }, edges: [] });
    assert.match(
      consequenceOf({ action: 'forceFail', nodeId: 'review', definition: bare }),
      /No outgoing edge fires, so the execution fails\./,
    );
  });

  it('force complete follows the decision the output gives, if any', () => {
    assert.match(
      consequenceOf({
        action: 'forceComplete',
        nodeId: 'review',
        definition: definition(),
        output: { decision: 'reject' },
      }),
      /Fires: archive \(on reject\)/,
    );
    const plain = consequenceOf({ action: 'forceComplete', nodeId: 'review', definition: definition(), output: {} });
    assert.match(plain, /completed with the output you give\. Fires: notify \(on always\)\./);
  });

  it('cancel is final and fires nothing', () => {
    assert.match(
      consequenceOf({ action: 'cancelStep', nodeId: 'review', definition: definition() }),
      /final: no outgoing edge fires/,
    );
    assert.match(consequenceOf({ action: 'cancelExecution' }), /Cancelling is final/);
  });

  it('reads the authored edges when the server sent no compiled graph', () => {
    const text = consequenceOf({
      action: 'forceApprove',
      nodeId: 'review',
      definition: definition({
        compiled: null,
        edges: [
          {
            from: { kind: 'node', nodeId: 'review' },
            to: { kind: 'node', nodeId: 'publish' },
            on: 'approve',
            when: null,
            loop: null,
          },
          {
            from: { kind: 'node', nodeId: 'review' },
            to: { kind: 'group', groupId: 'legal' },
            on: 'always',
            when: null,
            loop: null,
          },
        ],
      }),
    });
    assert.match(text, /Fires: publish \(on approve\) and group legal \(on always\)\./);
  });

  it('says so when the definition could not be read, and names the group of a member step', () => {
    assert.match(consequenceOf({ action: 'forceApprove', nodeId: 'review' }), /could not be read/);
    assert.match(
      consequenceOf({ action: 'forceApprove', nodeId: 'review', groupId: 'g1', definition: definition() }),
      /member of parallel group g1/,
    );
  });
});
