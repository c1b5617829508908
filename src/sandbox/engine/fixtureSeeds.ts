// The fixed seeded executions completedParallel, failed and cancelled, produced by the engine: each
// runs its seeded definition on a private virtual clock that starts at the time in its id and is
// advanced until the run ends. The result is a finished Run (read-only, like the scripted fixtures),
// identical on every start.
import { hashString } from '../random';
import { SANDBOX_EXECUTIONS, startedAtFromId } from '../roles';
import { cancelExecution } from './actions';
import { Engine, type DispatchInput } from './engine';
import { decide, type Decision } from './liveSeeds';
import type { DefinitionInput } from './model';
import type { Run } from './run';
import { SEEDED_DEFINITIONS } from './seedDefinitions';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HORIZON_MS = 4 * 60 * MINUTE;

interface Fixture {
  role: string;
  version: number;
  /** Changes to the seeded definition for the version this run is pinned to. */
  variant?: (input: DefinitionInput) => DefinitionInput;
  dispatch: Omit<DispatchInput, 'executionId'>;
  decisions: Decision[];
  cancel?: { atMs: number; reason: string };
}

const FIXTURES: readonly Fixture[] = [
  {
    role: 'completedParallel',
    version: 3,
    dispatch: {
      definitionId: 'marketing-copy-approval',
      correlationId: 'corr_campaign_42',
      idempotencyKey: 'campaign-42-dispatch',
      triggerContext: { documentUrl: 'https://app.acme.example/campaigns/42' },
      simulation: { agentMs: (step) => (step.nodeId === 'agent-draft' ? 30 * SECOND : 1500) },
    },
    decisions: [
      { atMs: 10 * MINUTE, nodeId: 'human-legal', reviewerId: 'u_legal', decision: 'approve' },
      { atMs: 25 * MINUTE, nodeId: 'human-brand', reviewerId: 'u_brand', decision: 'approve' },
    ],
  },
  {
    role: 'failed',
    version: 4,
    variant: (input) => ({
      ...input,
      nodes: input.nodes.map((n) => (n.nodeId === 'webhook-kyc' ? { ...n, requireNonEmptyOutput: true } : n)),
    }),
    dispatch: {
      definitionId: 'vendor-onboarding',
      correlationId: 'corr_vendor_9917',
      idempotencyKey: 'vendor-9917-onboarding',
      simulation: {
        webhookReplies: { 'webhook-kyc': { ok: true, status: 204, headers: { 'content-length': '0' }, text: '' } },
      },
    },
    decisions: [],
  },
  {
    role: 'cancelled',
    version: 2,
    dispatch: {
      definitionId: 'doc-signoff',
      correlationId: 'corr_doc_123',
      idempotencyKey: 'doc-123-signoff',
      simulation: { agentMs: () => 20 * SECOND },
    },
    decisions: [],
    cancel: { atMs: 2 * 60 * MINUTE, reason: 'Superseded by a newer draft of the document' },
  },
];

function simulate(fixture: Fixture): Run {
  const executionId = SANDBOX_EXECUTIONS[fixture.role]!;
  let now = startedAtFromId(executionId);
  const engine = new Engine({ clock: { now: () => now }, seed: hashString(executionId) });
  const seeded = SEEDED_DEFINITIONS.find((d) => d.input.definitionId === fixture.dispatch.definitionId)!.input;
  const input = fixture.variant ? fixture.variant(seeded) : seeded;
  engine.definitions.create(input);
  for (let v = 1; v < fixture.version; v++) engine.definitions.update(input, v);
  const result = engine.dispatch({ ...fixture.dispatch, executionId });
  if (!result.ok) throw new Error(`Seeded fixture ${fixture.role}: ${result.message}`);
  const run = result.run;
  for (const decision of fixture.decisions) engine.timers.after(decision.atMs, () => decide(engine, run, decision));
  if (fixture.cancel) {
    const { atMs, reason } = fixture.cancel;
    engine.timers.after(atMs, () => cancelExecution(engine, { executionId, reason }));
  }
  const end = now + HORIZON_MS;
  while (!run.terminal && now < end) {
    now += SECOND;
    engine.advance(now);
  }
  if (!run.terminal) throw new Error(`Seeded fixture ${fixture.role} did not finish`);
  return run;
}

/** Simulated once per process: the runs never change, so sandboxes share them. */
let cache: Run[] | undefined;
export function engineFixtures(): readonly Run[] {
  cache ??= FIXTURES.map(simulate);
  return cache;
}
