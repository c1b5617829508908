// A WorkflowApi whose every method fails the test: fakes extend it and override only what they serve, so
// a new API method needs no change to every fake, and a call a test did not expect is loud.
import type { WorkflowApi } from '../../../src/api';

function notUsed(method: string): never {
  throw new Error(`${method} is not used by this test`);
}

export class UnusedApi implements WorkflowApi {
  getExecution(..._args: Parameters<WorkflowApi['getExecution']>): ReturnType<WorkflowApi['getExecution']> {
    return notUsed('getExecution');
  }
  getEvents(..._args: Parameters<WorkflowApi['getEvents']>): ReturnType<WorkflowApi['getEvents']> {
    return notUsed('getEvents');
  }
  listExecutions(..._args: Parameters<WorkflowApi['listExecutions']>): ReturnType<WorkflowApi['listExecutions']> {
    return notUsed('listExecutions');
  }
  getDefinition(..._args: Parameters<WorkflowApi['getDefinition']>): ReturnType<WorkflowApi['getDefinition']> {
    return notUsed('getDefinition');
  }
  listDefinitions(..._args: Parameters<WorkflowApi['listDefinitions']>): ReturnType<WorkflowApi['listDefinitions']> {
    return notUsed('listDefinitions');
  }
  dispatchExecution(
    ..._args: Parameters<WorkflowApi['dispatchExecution']>
  ): ReturnType<WorkflowApi['dispatchExecution']> {
    return notUsed('dispatchExecution');
  }
  cancelExecution(..._args: Parameters<WorkflowApi['cancelExecution']>): ReturnType<WorkflowApi['cancelExecution']> {
    return notUsed('cancelExecution');
  }
  recordReviewerDecision(
    ..._args: Parameters<WorkflowApi['recordReviewerDecision']>
  ): ReturnType<WorkflowApi['recordReviewerDecision']> {
    return notUsed('recordReviewerDecision');
  }
  resolveStep(..._args: Parameters<WorkflowApi['resolveStep']>): ReturnType<WorkflowApi['resolveStep']> {
    return notUsed('resolveStep');
  }
  cancelStep(..._args: Parameters<WorkflowApi['cancelStep']>): ReturnType<WorkflowApi['cancelStep']> {
    return notUsed('cancelStep');
  }
}
