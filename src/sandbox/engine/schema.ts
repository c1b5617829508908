// A tiny strict validator in the style of the backend's Zod schemas (velt-api.md §1.1, §4): unknown
// keys are rejected, every problem is reported with its path, and messages use Zod's wording, so
// envelope errors look like the real ones. Node built-ins only, hence not zod itself.
import type { Issue } from '../validate';
import type { Json, JsonObject } from '../types';

export type { Issue };
export type Path = (string | number)[];
export type Check<T> = (value: unknown, path: Path, issues: Issue[]) => T | undefined;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : Number.isNaN(value) ? 'nan' : 'float';
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(expected: string, value: unknown, path: Path, issues: Issue[]): undefined {
  issues.push({
    code: 'invalid_type',
    path,
    message: value === undefined ? 'Required' : `Expected ${expected}, received ${typeName(value)}`,
  });
  return undefined;
}

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternMessage?: string;
}

export function str(rule: StringRule = {}): Check<string> {
  return (value, path, issues) => {
    if (typeof value !== 'string') return wrongType('string', value, path, issues);
    const min = rule.min ?? 0;
    if (value.length < min)
      issues.push({ code: 'too_small', path, message: `String must contain at least ${min} character(s)` });
    else if (rule.max !== undefined && value.length > rule.max)
      issues.push({ code: 'too_big', path, message: `String must contain at most ${rule.max} character(s)` });
    else if (rule.pattern && !rule.pattern.test(value))
      issues.push({ code: 'invalid_string', path, message: rule.patternMessage ?? 'Invalid' });
    return value;
  };
}

export function int(min: number, max: number): Check<number> {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType('integer', value, path, issues);
    if (value < min)
      issues.push({ code: 'too_small', path, message: `Number must be greater than or equal to ${min}` });
    else if (value > max)
      issues.push({ code: 'too_big', path, message: `Number must be less than or equal to ${max}` });
    return value;
  };
}

export function bool(): Check<boolean> {
  return (value, path, issues) => (typeof value === 'boolean' ? value : wrongType('boolean', value, path, issues));
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, path, issues) => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    const received = typeof value === 'string' ? `'${value}'` : typeName(value);
    issues.push({
      code: 'invalid_enum_value',
      path,
      message: `Invalid enum value. Expected ${values.map((v) => `'${v}'`).join(' | ')}, received ${received}`,
    });
    return undefined;
  };
}

export function arr<T>(item: Check<T>, min = 0, max = Number.MAX_SAFE_INTEGER): Check<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) return wrongType('array', value, path, issues);
    if (value.length < min)
      issues.push({ code: 'too_small', path, message: `Array must contain at least ${min} element(s)` });
    if (value.length > max)
      issues.push({ code: 'too_big', path, message: `Array must contain at most ${max} element(s)` });
    const out: T[] = [];
    value.forEach((entry, index) => {
      const checked = item(entry, [...path, index], issues);
      if (checked !== undefined) out.push(checked);
    });
    return out;
  };
}

/** Any JSON object (free-form fields such as `triggerContext`, `custom`, `output`). */
export function jsonObject(): Check<JsonObject> {
  return (value, path, issues) =>
    isPlainObject(value) ? (value as JsonObject) : wrongType('object', value, path, issues);
}

export function record<T>(item: Check<T>, maxKeys = 100): Check<Record<string, T>> {
  return (value, path, issues) => {
    if (!isPlainObject(value)) return wrongType('object', value, path, issues);
    const keys = Object.keys(value);
    if (keys.length > maxKeys)
      issues.push({ code: 'too_big', path, message: `Object must contain at most ${maxKeys} key(s)` });
    const out: Record<string, T> = {};
    for (const key of keys) {
      const checked = item(value[key], [...path, key], issues);
      if (checked !== undefined) out[key] = checked;
    }
    return out;
  };
}

export type Field = { check: Check<unknown>; optional: boolean };
export const req = (check: Check<unknown>): Field => ({ check, optional: false });
export const opt = (check: Check<unknown>): Field => ({ check, optional: true });

/** A strict object: unknown keys are an issue; absent optional keys stay absent (explicit null is a type error, as in Zod). */
export function obj(shape: Readonly<Record<string, Field>>): Check<Record<string, Json>> {
  return (value, path, issues) => {
    if (!isPlainObject(value)) return wrongType('object', value, path, issues);
    const extra = Object.keys(value).filter((key) => !(key in shape));
    if (extra.length > 0)
      issues.push({
        code: 'unrecognized_keys',
        path,
        message: `Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')}`,
      });
    const out: Record<string, Json> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (value[key] === undefined && field.optional) continue;
      const checked = field.check(value[key], [...path, key], issues);
      if (checked !== undefined) out[key] = checked as Json;
    }
    return out;
  };
}

/** A string or an object (edge endpoints): picks the check by the value's type. */
export function either(ifString: Check<unknown>, ifObject: Check<unknown>): Check<unknown> {
  return (value, path, issues) =>
    typeof value === 'string' ? ifString(value, path, issues) : ifObject(value, path, issues);
}

/** `{ data: {...} }` checked against `shape`: the envelope every endpoint takes. */
export function checkEnvelope(
  body: unknown,
  shape: Readonly<Record<string, Field>>,
): { ok: true; data: Record<string, Json> } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const checked = obj({ data: req(obj(shape)) })(body, [], issues);
  if (issues.length > 0 || checked === undefined) return { ok: false, issues };
  return { ok: true, data: checked['data'] as Record<string, Json> };
}
