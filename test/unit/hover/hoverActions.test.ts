// Approve… / Reject… in the hover: linked for a waiting human step only while actions are on, with the
// plain argument object the commands take; API text cannot break out of the link.
import { strict as assert } from 'node:assert';
import type { ExecutionView, StepView } from '../../../src/api';
import { buildHoverMarkdown, HOVER_COMMANDS, type HoverModel } from '../../../src/hover/hoverContent';
import { Commands } from '../../../src/ids';
import { linkedCommands } from '../../../src/util/markdown';

const ID = 'exec_1793516400117_lwofay3k';

function human(stepId: string, status = 'waiting'): StepView {
  return {
    stepId,
    nodeId: 'human-legal',
    nodeType: 'human',
    status,
    groupId: null,
    startedAt: 1,
    completedAt: null,
    output: { reviewerIds: ['u1'] },
    error: null,
  };
}

function model(steps: StepView[], actionsEnabled: boolean, status = 'running'): HoverModel {
  const execution: ExecutionView = {
    executionId: ID,
    status,
    startedAt: 1,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'contract-review',
    definitionVersion: 1,
    correlationId: 'c',
    idempotencyKey: null,
    failureReason: null,
    steps,
  };
  return {
    kind: 'execution',
    executionId: ID,
    environment: 'Production',
    execution,
    pinned: false,
    now: 2,
    actionsEnabled,
  };
}

/** The JSON arguments of every link to `command`. */
function argsOf(markdown: string, command: string): unknown[] {
  return [...markdown.matchAll(new RegExp(`command:${command.replace('.', '\\.')}\\?([^)\\s"]+)`, 'g'))].map(
    (m) => JSON.parse(decodeURIComponent(m[1]!)) as unknown,
  );
}

describe('hover: Approve… / Reject… on waiting approvals', () => {
  it('links both, with { environment, executionId, stepId }, while actions are on', () => {
    const md = buildHoverMarkdown(model([human('s1')], true));
    const arg = [{ environment: 'Production', executionId: ID, stepId: 's1' }];
    assert.deepEqual(argsOf(md, Commands.approveStep), [arg]);
    assert.deepEqual(argsOf(md, Commands.rejectStep), [arg]);
    assert.ok(HOVER_COMMANDS.includes(Commands.approveStep) && HOVER_COMMANDS.includes(Commands.rejectStep));
  });

  it('offers none while actions are off, or when the run has ended', () => {
    for (const m of [model([human('s1')], false), model([human('s1')], true, 'cancelled')]) {
      const linked = linkedCommands(buildHoverMarkdown(m));
      assert.ok(!linked.includes(Commands.approveStep) && !linked.includes(Commands.rejectStep), linked.join());
    }
  });

  it('a step id with brackets and parentheses stays inside its link argument', () => {
    const hostile = 's)[x](command:velt.cancelExecution?%5B%5D)';
    const md = buildHoverMarkdown(model([human(hostile)], true));
    assert.ok(!linkedCommands(md).includes(Commands.cancelExecution), md);
    assert.deepEqual(argsOf(md, Commands.approveStep), [
      [{ environment: 'Production', executionId: ID, stepId: hostile }],
    ]);
  });
});
