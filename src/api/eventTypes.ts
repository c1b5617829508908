// Event-type lists that code outside the API needs as plain values: no zod here, so the webview bundle can
// import them through the panel protocol without pulling in the schemas.

/** Event types the "failures only" filter keeps. */
export const FAILURE_EVENT_TYPES = [
  'execution.failed',
  'execution.cancelled',
  'step.failed',
  'step.breached',
  'step.cancelled',
  'loop.exhausted',
] as const;
