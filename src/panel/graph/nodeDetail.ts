// The detail of a graph node chosen in the Graph tab: its steps in this run (the latest
// MAX_NODE_DETAIL_STEPS, oldest first) with times, error and output, the output trimmed like an event
// payload so one huge step never makes a huge message. Pure and vscode-free.
import type { ExecutionView } from '../../api';
import { jsonEqual } from '../../util/json';
import { trimPayload } from '../payload';
import { MAX_NODE_DETAIL_STEPS, type HostToWebview, type PanelStepDetail } from '../protocol';

export type NodeDetailMessage = Extract<HostToWebview, { type: 'nodeDetail' }>;
type Step = ExecutionView['steps'][number];

const stepsOf = (execution: Pick<ExecutionView, 'steps'>, nodeId: string): Step[] =>
  execution.steps.filter((s) => s.nodeId === nodeId);

function stepDetail(step: Step): PanelStepDetail {
  const output = trimPayload(step.output);
  const detail: PanelStepDetail = {
    stepId: step.stepId,
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    status: step.status,
    groupId: step.groupId,
    startedAt: step.startedAt,
    completedAt: step.completedAt,
    error: step.error,
    output: output.data,
  };
  if (!output.fits) detail.oversize = output.oversize;
  return detail;
}

export function nodeDetailMessage(
  execution: Pick<ExecutionView, 'steps'>,
  nodeId: string,
  requestId: number | null,
): NodeDetailMessage {
  const mine = stepsOf(execution, nodeId);
  const shown = mine.slice(-MAX_NODE_DETAIL_STEPS);
  return { type: 'nodeDetail', requestId, nodeId, steps: shown.map(stepDetail), moreSteps: mine.length - shown.length };
}

/** Whether two detail messages show the same (request ids aside): a poll that changed nothing posts nothing. */
export function sameDetail(a: NodeDetailMessage, b: NodeDetailMessage): boolean {
  return a.nodeId === b.nodeId && a.moreSteps === b.moreSteps && jsonEqual(a.steps, b.steps);
}
