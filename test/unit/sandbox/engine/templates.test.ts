// Templates and mappings (velt-api.md §2.3): notification bodyTemplate/subjectTemplate render
// {{dot.path}} against the run; agent inputMapping/userContextMapping/promptOverride are resolved and
// shown on the step output.
import * as assert from 'node:assert/strict';
import { applyMapping, renderTemplate, MAX_RENDERED_CHARS } from '../../../../src/sandbox/engine/templates';
import { recordReviewerDecision } from '../../../../src/sandbox/engine/actions';
import { Harness, edge, human } from './harness';

const CONTEXT = {
  executionId: 'exec_1',
  execution: { id: 'exec_1', input: { amount: 1250, tags: ['a', 'b'], who: { name: 'Ana' } } },
  steps: { 'human-review': { decision: 'approve' } },
};

describe('sandbox engine: templates and mappings', () => {
  it('renders {{dot.path}} (spaces allowed, arrays by index, objects as JSON, missing as empty)', () => {
    assert.equal(
      renderTemplate('Run {{executionId}}: {{ execution.input.amount }} for {{execution.input.who.name}}', CONTEXT),
      'Run exec_1: 1250 for Ana',
    );
    assert.equal(renderTemplate('{{execution.input.tags.1}} {{execution.input.who}}', CONTEXT), 'b {"name":"Ana"}');
    assert.equal(renderTemplate('[{{nope.nothing}}] {{ not a path }}', CONTEXT), '[] {{ not a path }}');
    assert.equal(renderTemplate('x'.repeat(MAX_RENDERED_CHARS + 10), CONTEXT).length, MAX_RENDERED_CHARS);
  });

  it('html format escapes inserted values, never the template', () => {
    const context = { input: { name: '<img src=x onerror=alert(1)>' } };
    assert.equal(renderTemplate('<b>{{input.name}}</b>', context, 'html'), '<b>&lt;img src=x onerror=alert(1)&gt;</b>');
    assert.equal(renderTemplate('{{input.name}}', context, 'text'), '<img src=x onerror=alert(1)>');
  });

  it('mappings: paths take values as they are, {{templates}} render, other values are constants', () => {
    assert.deepEqual(
      applyMapping(
        {
          amount: 'execution.input.amount',
          who: 'execution.input.who',
          missing: 'execution.input.nothing',
          line: 'Pay {{execution.input.amount}}',
          limit: 5000,
        },
        CONTEXT,
      ),
      { amount: 1250, who: { name: 'Ana' }, missing: null, line: 'Pay 1250', limit: 5000 },
    );
  });

  it('a run renders its notification and resolves its agent mappings from the trigger input and earlier steps', () => {
    const h = new Harness();
    h.define({
      definitionId: 'templated',
      name: 'Templated',
      nodes: [
        {
          nodeId: 'agent-check',
          type: 'agent',
          config: {
            agentId: 'checker',
            urlPath: 'doc.url',
            inputMapping: { amount: 'execution.input.amount', doc: 'execution.input.doc' },
            userContextMapping: { userId: 'execution.input.requester' },
            promptOverride: 'Check invoice {{execution.input.doc.id}} for {{execution.input.requester}}',
          },
        },
        human('human-review', 'u_ana'),
        {
          nodeId: 'notify-done',
          type: 'notification',
          config: {
            channel: 'email',
            recipients: ['ap@acme.example'],
            subjectTemplate: 'Invoice {{execution.input.doc.id}}: {{steps.human-review.decision}}',
            bodyTemplate:
              'Run {{executionId}} ({{execution.definitionId}} v{{execution.definitionVersion}}) said {{steps.agent-check.agentResultsSummary}}',
          },
        },
      ],
      edges: [
        edge('agent-check', 'human-review'),
        edge('human-review', 'notify-done', 'approve'),
        edge('human-review', 'notify-done', 'reject'),
      ],
    });
    const run = h.start('templated', {
      amount: 1250,
      requester: 'u_bo',
      doc: { id: 'INV-7', url: 'https://app.acme.example/inv/7' },
    });
    h.tick(5000);
    const agentOutput = h.step(run, 'agent-check').output;
    assert.deepEqual(
      [agentOutput['resolvedUrl'], agentOutput['agentInput'], agentOutput['userContext'], agentOutput['prompt']],
      [
        'https://app.acme.example/inv/7',
        { amount: 1250, doc: { id: 'INV-7', url: 'https://app.acme.example/inv/7' } },
        { userId: 'u_bo' },
        'Check invoice INV-7 for u_bo',
      ],
    );
    const review = h.step(run, 'human-review');

    recordReviewerDecision(h.engine, {
      executionId: run.executionId,
      stepId: review.stepId,
      reviewerId: 'u_ana',
      decision: 'approve',
    });
    const notification = h.step(run, 'notify-done').output;
    assert.equal(notification['subject'], 'Invoice INV-7: approve');
    assert.equal(notification['body'], `Run ${run.executionId} (templated v1) said checker: checks passed`);
    assert.equal(notification['format'], 'text');
  });
});
