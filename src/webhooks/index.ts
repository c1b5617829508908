// The webhooks module's surface (issue 16): reconcile a consumer's ledger with the event stream, and
// forward events as signed webhooks. vscode-free: the CLI and the editor both use it.
export { readLedger, MAX_LEDGER_PROBLEMS_KEPT, type Ledger, type LedgerProblem } from './ledger';
export { ExecutionComparison, type ExecutionReconciliation } from './compare';
export { webhookFor, signatureFor, statusAtEvent, type Webhook, type WebhookExecution } from './body';
export {
  deliver,
  checkReceiverUrl,
  DELIVERY_BACKOFF,
  DELIVERY_TIMEOUT_MS,
  type AttemptResult,
  type DeliverOptions,
  type Receiver,
} from './deliver';
export { deliveryLine } from './deliveryLine';
export { executionsInScope, parseTimeBound, MAX_WINDOW_SCAN, type ReconcileScope } from './scope';
export { redeliverEvents, REDELIVER_ATTEMPTS, type RedeliveryCounts, type RedeliverOptions } from './redeliver';
export { reconcile, type ReconcileOptions, type ReconcileTotals } from './reconcile';
export {
  Forwarder,
  DEFAULT_FORWARDER_TIMINGS,
  MAX_FOLLOWED,
  type ForwarderOptions,
  type ForwarderStats,
  type ForwarderTimings,
} from './forwarder';
