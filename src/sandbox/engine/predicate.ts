// Edge predicates (velt-api.md §2.3, docs "Custom predicates"): `when` is a JSON-AST string such as
// {"op":"eq","args":[{"var":"output.decision"},"approve"]}. It is parsed as JSON and evaluated by a
// bounded walker, never as JavaScript. Roots: output.*, step.*, execution.input.*.
import type { Json } from '../types';
import { isPlainObject } from './schema';

export type Ast = Json;

export interface PredicateContext {
  output: Json;
  step: { stepId: string; nodeId: string; status: string; retryCount: number };
  execution: { input: Json };
}

const OPS: Readonly<Record<string, [min: number, max: number]>> = {
  eq: [2, 2],
  ne: [2, 2],
  neq: [2, 2],
  gt: [2, 2],
  gte: [2, 2],
  lt: [2, 2],
  lte: [2, 2],
  and: [1, 50],
  or: [1, 50],
  not: [1, 1],
  regex: [2, 2],
  includes: [2, 2],
  startsWith: [2, 2],
  endsWith: [2, 2],
  length: [1, 1],
  isEmpty: [1, 1],
};
const ROOTS = /^(output|step|execution\.input)(\.[^.]+)*$/;
const MAX_DEPTH = 32;
const MAX_REGEX = 200;
const MAX_REGEX_INPUT = 10_000;

export const decisionAst = (decision: 'approve' | 'reject'): Ast => ({
  op: 'eq',
  args: [{ var: 'output.decision' }, decision],
});

/** Parses and checks a `when` string; returns the AST or a message saying what is wrong. */
export function parsePredicate(when: string): { ok: true; ast: Ast } | { ok: false; message: string } {
  let ast: unknown;
  try {
    ast = JSON.parse(when);
  } catch {
    return { ok: false, message: 'when is not valid JSON' };
  }
  const problem = checkNode(ast, 0);
  return problem ? { ok: false, message: problem } : { ok: true, ast: ast as Ast };
}

function checkNode(node: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return `when is nested deeper than ${MAX_DEPTH}`;
  if (node === null || ['string', 'number', 'boolean'].includes(typeof node)) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const p = checkNode(item, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (!isPlainObject(node)) return 'when contains a value that is not JSON';
  if ('var' in node) {
    if (Object.keys(node).length !== 1 || typeof node['var'] !== 'string')
      return '{"var"} takes exactly one string path';
    return ROOTS.test(node['var'])
      ? undefined
      : `unknown path root "${node['var']}" (use output.*, step.* or execution.input.*)`;
  }
  const op = node['op'];
  const args = node['args'];
  if (typeof op !== 'string' || !(op in OPS)) return `unknown operator ${JSON.stringify(op)}`;
  if (!Array.isArray(args) || Object.keys(node).length !== 2)
    return `operator "${op}" needs exactly {"op","args":[...]}`;
  const [min, max] = OPS[op]!;
  if (args.length < min || args.length > max)
    return `operator "${op}" takes ${min === max ? min : `${min}–${max}`} argument(s)`;
  if (op === 'regex' && (typeof args[1] !== 'string' || args[1].length > MAX_REGEX))
    return `regex takes a literal pattern of at most ${MAX_REGEX} characters`;
  if (op === 'regex') {
    try {
      new RegExp(args[1] as string);
    } catch {
      return 'regex pattern does not compile';
    }
  }
  for (const arg of args) {
    const p = checkNode(arg, depth + 1);
    if (p) return p;
  }
  return undefined;
}

function lookup(context: PredicateContext, path: string): Json {
  let current: unknown = context;
  for (const part of path.split('.')) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, part)) return null;
    current = current[part];
  }
  return current === undefined ? null : (current as Json);
}

function equal(a: Json, b: Json): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function compare(a: Json, b: Json, test: (x: number) => boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

function evaluate(node: Ast, context: PredicateContext): Json {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => evaluate(n, context));
  if (typeof node['var'] === 'string') return lookup(context, node['var']);
  const args = node['args'] as Ast[];
  const value = (i: number): Json => evaluate(args[i]!, context);
  switch (node['op']) {
    case 'eq':
      return equal(value(0), value(1));
    case 'ne':
    case 'neq':
      return !equal(value(0), value(1));
    case 'gt':
      return compare(value(0), value(1), (d) => d > 0);
    case 'gte':
      return compare(value(0), value(1), (d) => d >= 0);
    case 'lt':
      return compare(value(0), value(1), (d) => d < 0);
    case 'lte':
      return compare(value(0), value(1), (d) => d <= 0);
    case 'and':
      return args.every((_, i) => value(i) === true);
    case 'or':
      return args.some((_, i) => value(i) === true);
    case 'not':
      return value(0) !== true;
    case 'regex': {
      const subject = value(0);
      return (
        typeof subject === 'string' && subject.length <= MAX_REGEX_INPUT && new RegExp(args[1] as string).test(subject)
      );
    }
    case 'includes': {
      const [hay, needle] = [value(0), value(1)];
      if (typeof hay === 'string') return typeof needle === 'string' && hay.includes(needle);
      return Array.isArray(hay) && hay.some((item) => equal(item, needle));
    }
    case 'startsWith': {
      const [s, p] = [value(0), value(1)];
      return typeof s === 'string' && typeof p === 'string' && s.startsWith(p);
    }
    case 'endsWith': {
      const [s, p] = [value(0), value(1)];
      return typeof s === 'string' && typeof p === 'string' && s.endsWith(p);
    }
    case 'length': {
      const v = value(0);
      return typeof v === 'string' || Array.isArray(v) ? v.length : isPlainObject(v) ? Object.keys(v).length : 0;
    }
    case 'isEmpty': {
      const v = value(0);
      return (
        v === null ||
        v === '' ||
        (Array.isArray(v) && v.length === 0) ||
        (isPlainObject(v) && Object.keys(v).length === 0)
      );
    }
    default:
      return false;
  }
}

/** True only when the predicate evaluates to exactly `true` (a checked AST cannot throw). */
export function holds(ast: Ast | null, context: PredicateContext): boolean {
  if (ast === null) return true;
  return evaluate(ast, context) === true;
}

/** Whether a custom predicate mentions the breached status (the docs' breach route via custom edge). */
export function mentionsBreached(ast: Ast | null): boolean {
  return JSON.stringify(ast ?? null).includes('"breached"');
}
