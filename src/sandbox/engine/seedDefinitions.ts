// The seeded definitions: the five workflows the scripted seeds and history runs belong to, now real
// definitions the engine runs (parallel quorum, loop with exhausted route, SLA breach route, custom
// predicate on trigger context, webhook nodes). Updated after creation to reach the versions the
// scripted runs show, as a real workspace's history would.
import type { DefinitionInput, EdgeDef, NodeDef } from './model';
import type { Engine } from './engine';

const human = (nodeId: string, reviewers: [string, boolean][], extra: Partial<NodeDef> = {}): NodeDef => ({
  nodeId,
  type: 'human',
  ...extra,
  config: {
    reviewers: reviewers.map(([userId, mandatory]) => ({ userId, mandatory })),
    reviewerEmails: reviewers.map(([id]) => `${id.slice(2)}@acme.example`),
  },
});
const agent = (nodeId: string, agentId: string): NodeDef => ({
  nodeId,
  type: 'agent',
  config: { agentId, urlPath: 'documentUrl' },
});
const email = (nodeId: string, to: string): NodeDef => ({
  nodeId,
  type: 'notification',
  config: { channel: 'email', bodyTemplate: 'Run {{executionId}} needs you', recipients: [to] },
});
const slack = (nodeId: string, target: string): NodeDef => ({
  nodeId,
  type: 'notification',
  config: { channel: 'slack', bodyTemplate: 'Run {{executionId}} finished', slackTarget: target },
});
const hook = (nodeId: string, url: string): NodeDef => ({
  nodeId,
  type: 'webhook',
  config: { url, mode: 'sync', method: 'POST' },
});
const e = (from: string, to: string, on?: EdgeDef['on'], extra: Partial<EdgeDef> = {}): EdgeDef => ({
  from,
  to,
  ...(on ? { on } : {}),
  ...extra,
});

const REVIEWERS = ['human-legal', 'human-brand', 'human-exec'];

export const SEEDED_DEFINITIONS: readonly { input: DefinitionInput; version: number }[] = [
  {
    version: 3,
    input: {
      definitionId: 'marketing-copy-approval',
      name: 'Marketing copy approval',
      tags: ['marketing'],
      nodes: [
        agent('agent-draft', 'copy-drafter'),
        human('human-legal', [['u_legal', true]]),
        human('human-brand', [['u_brand', true]]),
        human('human-exec', [['u_exec', true]]),
        agent('agent-publish', 'publisher'),
        email('notify-rework', 'copy@acme.example'),
        slack('notify-team', '#launches'),
        hook('webhook-crm', 'https://crm.acme.example/hooks/published'),
      ],
      edges: [
        ...REVIEWERS.flatMap((m) => [
          e('agent-draft', m),
          e(m, 'agent-publish', 'approve'),
          e(m, 'notify-rework', 'reject'),
        ]),
        e('agent-publish', 'notify-team'),
        e('agent-publish', 'webhook-crm'),
      ],
      groups: [
        {
          groupId: 'parallel-review',
          memberNodeIds: REVIEWERS,
          expectedSteps: 3,
          quorum: 2,
          onQuorumMet: 'joinOnQuorum',
        },
      ],
    },
  },
  {
    version: 2,
    input: {
      definitionId: 'doc-signoff',
      name: 'Document sign-off',
      description: 'Drafts until the manager approves, three tries at most',
      nodes: [
        agent('agent-draft', 'copy-drafter'),
        agent('agent-factcheck', 'fact-checker'),
        human('human-manager', [['u_manager_ana', true]]),
        email('notify-author', 'author@acme.example'),
        email('notify-escalate', 'director@acme.example'),
      ],
      edges: [
        e('agent-draft', 'human-manager'),
        e('agent-draft', 'agent-factcheck'),
        e('human-manager', 'notify-author', 'approve'),
        e('human-manager', 'agent-draft', 'reject', { loop: { maxIterations: 3 } }),
        e('human-manager', 'notify-escalate', 'exhausted'),
      ],
    },
  },
  {
    version: 5,
    input: {
      definitionId: 'vendor-onboarding',
      name: 'Vendor onboarding',
      nodes: [
        hook('webhook-kyc', 'https://kyc.acme.example/verify'),
        human(
          'human-compliance',
          [
            ['u_compliance_lee', true],
            ['u_compliance_kim', false],
          ],
          { slaMs: 60_000 },
        ),
        email('notify-escalation', 'compliance-leads@acme.example'),
        hook('webhook-erp', 'https://erp.acme.example/vendors'),
        email('notify-rejected', 'procurement@acme.example'),
      ],
      edges: [
        e('webhook-kyc', 'human-compliance', 'custom', {
          when: '{"op":"eq","args":[{"var":"step.status"},"completed"]}',
        }),
        e('human-compliance', 'webhook-erp', 'approve'),
        e('human-compliance', 'notify-rejected', 'reject'),
        e('human-compliance', 'notify-escalation', 'custom', {
          when: '{"op":"eq","args":[{"var":"step.status"},"breached"]}',
        }),
        e('notify-escalation', 'webhook-erp'),
      ],
    },
  },
  {
    version: 1,
    input: {
      definitionId: 'contract-review',
      name: 'Contract review',
      nodes: [
        agent('agent-summarize', 'contract-summarizer'),
        human('human-legal', [
          ['u_legal_ng', true],
          ['u_legal_ortiz', true],
        ]),
        hook('webhook-docusign', 'https://docusign.acme.example/envelopes'),
        email('notify-counsel', 'counsel@acme.example'),
      ],
      edges: [
        e('agent-summarize', 'human-legal'),
        e('human-legal', 'webhook-docusign', 'approve'),
        e('human-legal', 'notify-counsel', 'reject'),
      ],
    },
  },
  {
    version: 1,
    input: {
      definitionId: 'invoice-approval',
      name: 'Invoice approval',
      custom: { costCenter: 'finance' },
      nodes: [
        hook('webhook-erp-lookup', 'https://erp.acme.example/invoices'),
        human('human-controller', [['u_controller', true]]),
        human('human-cfo', [['u_cfo', true]]),
        email('notify-ap', 'ap@acme.example'),
        email('notify-requester', 'requester@acme.example'),
      ],
      edges: [
        e('webhook-erp-lookup', 'human-controller', 'custom', {
          when: '{"op":"lte","args":[{"var":"execution.input.amount"},10000]}',
        }),
        e('webhook-erp-lookup', 'human-cfo', 'custom', {
          when: '{"op":"gt","args":[{"var":"execution.input.amount"},10000]}',
        }),
        e('human-controller', 'notify-ap', 'approve'),
        e('human-controller', 'notify-requester', 'reject'),
        e('human-cfo', 'notify-ap', 'approve'),
        e('human-cfo', 'notify-requester', 'reject'),
      ],
    },
  },
];

/** Creates the seeded definitions (and their update history); a definition already loaded wins. */
export function seedDefinitions(engine: Engine): void {
  for (const { input, version } of SEEDED_DEFINITIONS) {
    const created = engine.definitions.create(input);
    if (!created.ok) {
      if (created.status === 'ALREADY_EXISTS') continue;
      throw new Error(`Seeded definition ${input.definitionId} is invalid: ${created.message}`);
    }
    for (let v = 1; v < version; v++) engine.definitions.update(input, v);
  }
}
