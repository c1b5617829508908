// Templates and mappings in node configs (velt-api.md §2.3): notification `bodyTemplate` /
// `subjectTemplate` with `{{dot.path}}` placeholders, agent `promptOverride`, and the agent's
// `inputMapping` / `userContextMapping` objects. The docs name the syntax but not what a path can
// reach; the sandbox's context (documented in docs/sandbox.md) is the run, its trigger input, the step
// and the latest output of every node that completed.
import type { Json, JsonObject } from '../types';
import type { Step } from './model';
import type { Run } from './run';

/** Rendered text is cut here so a template over a large output cannot grow without bound. */
export const MAX_RENDERED_CHARS = 64 * 1024;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*)\s*\}\}/g;

/** What `{{…}}` and mapping paths can reach. */
export function templateContext(run: Run, step: Step): JsonObject {
  const steps: JsonObject = {};
  for (const other of run.steps.values()) if (other.status === 'completed') steps[other.nodeId] = other.output;
  const execution: JsonObject = {
    id: run.executionId,
    executionId: run.executionId,
    definitionId: run.definitionId,
    definitionVersion: run.definition.version,
    correlationId: run.correlationId,
    input: run.triggerContext,
  };
  return {
    executionId: run.executionId,
    definitionId: run.definitionId,
    correlationId: run.correlationId,
    execution,
    input: run.triggerContext,
    step: { stepId: step.stepId, nodeId: step.nodeId, input: step.input },
    steps,
  };
}

/** The value at a dot path (object keys; array indexes as digits), or undefined. */
export function valueAt(context: Json, path: string): Json | undefined {
  let value: Json | undefined = context;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? (/^\d+$/.test(key) ? value[Number(key)] : undefined) : value[key];
  }
  return value;
}

function text(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Replaces each `{{path}}`; a missing value renders empty; `html` escapes the inserted values (not the template). */
export function renderTemplate(template: string, context: JsonObject, format?: string): string {
  const rendered = template.replace(PLACEHOLDER, (_, path: string) => {
    const value = text(valueAt(context, path));
    return format === 'html' ? value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : value;
  });
  return rendered.length > MAX_RENDERED_CHARS ? rendered.slice(0, MAX_RENDERED_CHARS) : rendered;
}

/**
 * A mapping object: each string containing `{{` is rendered as a template, any other string is a dot
 * path whose value (any JSON, null when missing) is taken as is, and non-strings are constants.
 */
export function applyMapping(mapping: JsonObject, context: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, spec] of Object.entries(mapping)) {
    if (typeof spec !== 'string') out[key] = spec;
    else if (spec.includes('{{')) out[key] = renderTemplate(spec, context);
    else out[key] = valueAt(context, spec) ?? null;
  }
  return out;
}
