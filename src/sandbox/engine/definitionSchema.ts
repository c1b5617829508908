// The body of definitions/create and /update (velt-api.md §1.5, §2.3): strict per node type, with
// the documented limits and the literal schema messages of the docs' "Schema validation messages".
import {
  arr,
  bool,
  either,
  int,
  isPlainObject,
  jsonObject,
  obj,
  oneOf,
  opt,
  record,
  req,
  str,
  type Check,
  type Field,
  type Issue,
} from './schema';
import type { Json } from '../types';

export const DEFINITION_ID = /^[a-z0-9][a-z0-9-]{2,63}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const reviewer = obj({ userId: req(str({ min: 1, max: 256 })), mandatory: req(bool()) });

const CONFIG: Readonly<Record<string, Check<Record<string, Json>>>> = {
  agent: obj({
    agentId: req(str({ min: 1, max: 200 })),
    url: opt(str({ min: 1, max: 2000 })),
    urlPath: opt(str({ min: 1, max: 500 })),
    crossPageExecute: opt(bool()),
    maxUrlsToProcess: opt(int(1, 500)),
    userContextMapping: opt(jsonObject()),
    promptOverride: opt(str({ max: 8000 })),
    inputMapping: opt(jsonObject()),
    pollIntervalMs: opt(int(5000, 60000)),
    agentMaxRuntimeMs: opt(int(1, DAY_MS)),
    blocking: opt(bool()),
    resolutionPolicy: opt(jsonObject()),
  }),
  human: obj({
    reviewers: opt(arr(reviewer, 1, 50)),
    reviewerIds: opt(arr(str({ min: 1, max: 256 }), 1, 50)),
    reviewerEmails: opt(arr(str({ min: 3, max: 320 }), 0, 50)),
    commentBody: opt(str({ max: 8000 })),
  }),
  notification: obj({
    channel: req(oneOf(['email', 'slack'] as const)),
    bodyTemplate: req(str({ min: 1, max: 16000 })),
    recipients: opt(arr(str({ min: 3, max: 320 }), 0, 50)),
    subjectTemplate: opt(str({ max: 1000 })),
    slackTarget: opt(str({ min: 1, max: 2000 })),
    format: opt(oneOf(['text', 'html', 'slack-blocks'] as const)),
  }),
  webhook: obj({
    url: req(str({ min: 1, max: 2000 })),
    mode: opt(oneOf(['sync', 'async'] as const)),
    method: opt(oneOf(['GET', 'POST'] as const)),
    authMode: opt(oneOf(['hmac', 'token', 'none'] as const)),
    authTokenHeader: opt(str({ min: 1, max: 200 })),
    secret: opt(str({ min: 16, max: 512 })),
    timeoutMs: opt(int(1000, 60000)),
    expectedStatusCodes: opt(arr(int(100, 599), 0, 20)),
    bodyTemplate: opt(oneOf(['envelope', 'pass-through', 'none'] as const)),
    requestHeaders: opt(record(str({ max: 2000 }), 50)),
  }),
};
export const NODE_TYPES = ['agent', 'human', 'notification', 'webhook'] as const;

/** Node: common fields, then the config checked against its type's strict schema plus cross-field rules. */
const node: Check<Record<string, Json>> = (value, path, issues) => {
  const base = obj({
    nodeId: req(str({ min: 1, max: 64 })),
    type: req(oneOf(NODE_TYPES)),
    config: opt(jsonObject()),
    slaMs: opt(int(1, 7 * DAY_MS)),
    requireNonEmptyOutput: opt(bool()),
    name: opt(str({ min: 1, max: 200 })),
    description: opt(str({ max: 2000 })),
  })(value, path, issues);
  if (!base || typeof base['type'] !== 'string' || !isPlainObject(base['config'])) return base;
  const configPath = [...path, 'config'];
  const config = CONFIG[base['type']]!(base['config'], configPath, issues);
  if (config) configRules(base['type'], config, configPath, issues);
  return base;
};

function configRules(type: string, config: Record<string, Json>, path: (string | number)[], issues: Issue[]): void {
  const fail = (message: string): void => {
    issues.push({ code: 'custom', path, message });
  };
  if (type === 'agent' && config['url'] === undefined && config['urlPath'] === undefined)
    fail('agent node requires url or urlPath');
  if (type === 'agent' && config['blocking'] === true && config['resolutionPolicy'] === undefined)
    fail('blocking agent nodes require a resolutionPolicy');
  if (type === 'human') {
    const list = config['reviewers'];
    if (list === undefined && config['reviewerIds'] === undefined)
      fail('at least one of reviewerIds or reviewers must be provided');
    else if (list !== undefined && config['reviewerIds'] !== undefined)
      fail('cannot set both reviewerIds and reviewers, use one');
    else if (Array.isArray(list)) {
      const ids = list.map((r) => (r as { userId: string }).userId);
      if (new Set(ids).size !== ids.length) fail('reviewer userIds must be unique');
      else if (!list.some((r) => (r as { mandatory: boolean }).mandatory))
        fail('reviewers must include at least one mandatory reviewer');
    }
  }
  if (type === 'notification') {
    if (config['channel'] === 'email' && !(Array.isArray(config['recipients']) && config['recipients'].length > 0))
      fail('notification node with channel="email" requires a non-empty recipients array');
    if (config['channel'] === 'slack' && config['slackTarget'] === undefined)
      fail('notification node with channel="slack" requires a slackTarget (channel id or incoming-webhook URL)');
  }
  if (type === 'webhook' && config['authMode'] === 'token' && config['authTokenHeader'] === undefined)
    fail('webhook node with authMode="token" requires authTokenHeader to be set');
}

const endpoint = either(
  str({ min: 1, max: 64 }),
  obj({
    kind: req(oneOf(['node', 'group'] as const)),
    nodeId: opt(str({ min: 1, max: 64 })),
    groupId: opt(str({ min: 1, max: 64 })),
  }),
);

const edge: Check<Record<string, Json>> = (value, path, issues) => {
  const checked = obj({
    from: req(endpoint),
    to: req(endpoint),
    on: opt(oneOf(['approve', 'reject', 'always', 'exhausted', 'custom'] as const)),
    when: opt(str({ min: 1, max: 1000 })),
    loop: opt(obj({ maxIterations: req(int(1, 20)) })),
  })(value, path, issues);
  if (!checked) return checked;
  const on = checked['on'] ?? 'always';
  if (on === 'custom' && checked['when'] === undefined)
    issues.push({ code: 'custom', path, message: 'on: "custom" requires a non-empty when' });
  if (on !== 'custom' && checked['when'] !== undefined)
    issues.push({ code: 'custom', path: [...path, 'when'], message: 'when is only allowed with on: "custom"' });
  if (on !== 'reject' && checked['loop'] !== undefined)
    issues.push({
      code: 'custom',
      path: [...path, 'loop'],
      message: 'loop is only allowed on an on: "reject" back-edge',
    });
  return checked;
};

const group = obj({
  groupId: req(str({ min: 1, max: 64 })),
  memberNodeIds: req(arr(str({ min: 1, max: 64 }), 1, 500)),
  expectedSteps: req(int(1, 500)),
  quorum: req(int(1, 500)),
  onQuorumMet: opt(oneOf(['waitAll', 'cancelOnQuorum', 'joinOnQuorum'] as const)),
  requiredNodeIds: opt(arr(str({ min: 1, max: 64 }), 0, 500)),
});

const trigger: Check<Record<string, Json>> = (value, path, issues) => {
  const checked = obj({
    triggerId: req(str({ min: 1, max: 128 })),
    eventName: opt(str({ max: 128 })),
    filters: opt(jsonObject()),
    inboundWebhook: opt(jsonObject()),
    schedule: opt(jsonObject()),
    appTrigger: opt(jsonObject()),
  })(value, path, issues);
  if (checked && ['inboundWebhook', 'schedule', 'appTrigger'].filter((k) => checked[k] !== undefined).length > 1) {
    issues.push({
      code: 'custom',
      path,
      message: 'a trigger declares at most one of inboundWebhook, schedule, appTrigger',
    });
  }
  return checked;
};

const scope: Check<Record<string, Json>> = (value, path, issues) => {
  const checked = obj({
    level: req(oneOf(['apiKey', 'organization', 'document'] as const)),
    organizationId: opt(str({ min: 1, max: 256 })),
    documentId: opt(str({ min: 1, max: 256 })),
  })(value, path, issues);
  if (checked?.['level'] === 'organization' && checked['organizationId'] === undefined)
    issues.push({ code: 'custom', path, message: 'scope level "organization" requires organizationId' });
  if (
    checked?.['level'] === 'document' &&
    (checked['organizationId'] === undefined || checked['documentId'] === undefined)
  )
    issues.push({ code: 'custom', path, message: 'scope level "document" requires organizationId and documentId' });
  return checked;
};

export const WEBHOOK_SECRET = str({ min: 16, max: 512 });

export const DEFINITION_FIELDS: Readonly<Record<string, Field>> = {
  definitionId: req(
    str({ pattern: DEFINITION_ID, patternMessage: 'definitionId must match ^[a-z0-9][a-z0-9-]{2,63}$' }),
  ),
  name: req(str({ min: 1, max: 200 })),
  description: opt(str({ max: 2000 })),
  scope: opt(scope),
  nodes: req(arr(node, 1, 100)),
  edges: req(arr(edge, 0, 500)),
  groups: opt(arr(group, 0, 100)),
  triggers: opt(arr(trigger, 0, 50)),
  webhookConfig: opt(
    obj({
      url: req(str({ min: 1, max: 2000 })),
      secret: req(WEBHOOK_SECRET),
      eventTypes: opt(arr(str({ min: 1, max: 100 }), 0, 50)),
    }),
  ),
  tags: opt(arr(str({ min: 1, max: 64 }), 0, 20)),
  custom: opt(jsonObject()),
  organizationId: opt(str({ min: 1, max: 256 })),
  documentId: opt(str({ min: 1, max: 256 })),
};

export const UPDATE_FIELDS: Readonly<Record<string, Field>> = {
  ...DEFINITION_FIELDS,
  ifVersion: req(int(1, Number.MAX_SAFE_INTEGER)),
};
