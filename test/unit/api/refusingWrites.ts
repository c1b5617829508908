// For fakes of the WorkflowApi that only read: a write reaching one is a bug in the test, so it fails loudly.
export function refuseWrite(): Promise<never> {
  return Promise.reject(new Error('this fake WorkflowApi only reads; the test did not expect a write'));
}
