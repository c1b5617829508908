// The well-known seeded execution ids, by role. Fixed strings, so they are the same on every run and
// can be written into docs, tests and demos. Running roles start relative to the sandbox's start
// (their ids keep a fixed timestamp; only startedAt moves).

export const SANDBOX_EXECUTIONS: Readonly<Record<string, string>> = Object.freeze({
  /** Completed: agent → 3-way parallel review (quorum 2, third reviewer cancelled) → agent, notification, webhook. */
  completedParallel: 'exec_1793516400117_lwofay3k',
  /** Failed: webhook step returned an empty body; failureReason set, step.failed + execution.failed. */
  failed: 'exec_1793530800244_f41l3dkc',
  /** Cancelled by an operator while a human step waited; cancelledAt set, execution.cancelled {reason}. */
  cancelled: 'exec_1793545200391_c4nc3l9x',
  /** Completed, 200,004 seq numbers of which 100,003 are external events, generated arithmetically. */
  huge: 'exec_1793559600503_hug3b4tc',
  /** Completed; seq 1–3000 are internal, so the first 30 pages of 100 are empty with hasMore true. */
  internalFirst: 'exec_1793574000612_1ntf1rst',
  /** Failed; markup, command links, control characters, RTL override, 200 KB payload, deep nesting, unknown enums. */
  hostile: 'exec_1793588400733_h0st1l3x',
  /** Every request naming it gets 429 RESOURCE_EXHAUSTED with Retry-After: 30. */
  rateLimited: 'exec_1793602800845_r4t3l1mt',
  /** Odd-numbered requests naming it get 503 UNAVAILABLE, even ones succeed (one retry always wins). */
  flaky: 'exec_1793617200956_fl4kyn3t',
  /** Every request naming it is answered after 4 s. */
  slow: 'exec_1793631601067_sl0wr3sp',
  /** Running (engine, doc-signoff): draft → manager rejects at 40 s → loop iteration 2 (fact-check cancelled, loop-restart) → approve at 85 s; completes. */
  runningLoop: 'exec_1793664000178_l00pr3j1',
  /** Running (engine, vendor-onboarding): the review breaches its 60 s SLA → escalation → ERP webhook 503s; execution.failed at ~67 s. */
  runningSla: 'exec_1793664000289_sl4br3ch',
  /** Running (engine, contract-review): a human step waits for two mandatory reviewers (15 and 30 min), then completes. */
  runningLongWait: 'exec_1793664000394_w4it30mn',
  /** Failed; fields at and past the panel's protocol bounds (eventId, type, stepId, failure message…), oldest of all. */
  oversize: 'exec_1790000000111_0v3rs1z3',
  /** Well-formed id that does not exist: NOT_FOUND. */
  notFound: 'exec_1793664000400_n0tf0und',
  /** Agents-API style id (12-char suffix) that is not a workflow run: NOT_FOUND. */
  agentLookalike: 'exec_1793664000500_4g3ntrun0001',
});

/** Ids embed the dispatch ms; startedAt follows ~109 ms later, as in the docs' sample. */
export function startedAtFromId(executionId: string): number {
  return Number(executionId.slice(5, 18)) + 109;
}

/** The ms timestamp embedded in an id (used to derive deterministic step ids). */
export function idTimestamp(executionId: string): number {
  return Number(executionId.slice(5, 18));
}
