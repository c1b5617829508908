// Small builders for the waiting-approval tests: an execution with steps and a definition with nodes.
import type { DefinitionNode, DefinitionView, ExecutionView, StepView } from '../../../src/api';

export function step(partial: Partial<StepView> & { stepId: string; nodeId: string }): StepView {
  return {
    nodeType: 'human',
    status: 'waiting',
    groupId: null,
    startedAt: 1_000_000,
    completedAt: null,
    output: {},
    error: null,
    ...partial,
  };
}

export function execution(steps: StepView[], partial: Partial<ExecutionView> = {}): ExecutionView {
  return {
    executionId: 'exec_1793516400117_abcd1234',
    status: 'running',
    startedAt: 900_000,
    completedAt: null,
    cancelledAt: null,
    definitionId: 'doc-signoff',
    definitionVersion: 2,
    correlationId: null,
    idempotencyKey: null,
    failureReason: null,
    steps,
    ...partial,
  };
}

export function node(partial: Partial<DefinitionNode> & { nodeId: string }): DefinitionNode {
  return { type: 'human', name: null, description: null, slaMs: null, config: {}, reviewers: [], ...partial };
}

export function definition(nodes: DefinitionNode[], partial: Partial<DefinitionView> = {}): DefinitionView {
  return {
    definitionId: 'doc-signoff',
    name: 'Document sign-off',
    description: null,
    version: 2,
    status: 'active',
    createdAt: null,
    updatedAt: null,
    tags: [],
    nodes,
    edges: [],
    groups: [],
    compiled: null,
    problems: [],
    skipped: 0,
    ...partial,
  };
}
