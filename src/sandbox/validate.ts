// Strict request validation in the style of the backend's Zod schemas: unknown keys at the top level
// or inside `data` are rejected, and failures carry `details.issues: [{ code, path, message }]`
// with Zod's wording (velt-api.md §1.1, §4).

export interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
}

export type FieldSpec =
  | {
      type: 'string';
      required?: boolean;
      minLength?: number;
      maxLength?: number;
      pattern?: RegExp;
      patternMessage?: string;
    }
  | { type: 'int'; min: number; max: number }
  | { type: 'enum'; values: readonly string[] };

export type Shape = Readonly<Record<string, FieldSpec>>;
export type Fields = Record<string, string | number | undefined>;
export type Validation = { ok: true; data: Fields } | { ok: false; issues: Issue[] };

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : Number.isNaN(value) ? 'nan' : 'float';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: Record<string, unknown>, allowed: readonly string[], path: (string | number)[]): Issue[] {
  const extra = Object.keys(object).filter((key) => !allowed.includes(key));
  if (extra.length === 0) return [];
  return [
    {
      code: 'unrecognized_keys',
      path,
      message: `Unrecognized key(s) in object: ${extra.map((k) => `'${k}'`).join(', ')}`,
    },
  ];
}

function checkField(name: string, spec: FieldSpec, value: unknown, issues: Issue[]): string | number | undefined {
  const path = ['data', name];
  if (value === undefined) {
    if (spec.type === 'string' && spec.required) issues.push({ code: 'invalid_type', path, message: 'Required' });
    return undefined;
  }
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') {
        issues.push({ code: 'invalid_type', path, message: `Expected string, received ${typeName(value)}` });
        return undefined;
      }
      const min = spec.minLength ?? 1;
      if (value.length < min) {
        issues.push({ code: 'too_small', path, message: `String must contain at least ${min} character(s)` });
      } else if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        issues.push({ code: 'too_big', path, message: `String must contain at most ${spec.maxLength} character(s)` });
      } else if (spec.pattern && !spec.pattern.test(value)) {
        issues.push({ code: 'invalid_string', path, message: spec.patternMessage ?? 'Invalid' });
      }
      return value;
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        issues.push({ code: 'invalid_type', path, message: `Expected integer, received ${typeName(value)}` });
        return undefined;
      }
      if (value < spec.min) {
        issues.push({ code: 'too_small', path, message: `Number must be greater than or equal to ${spec.min}` });
      } else if (value > spec.max) {
        issues.push({ code: 'too_big', path, message: `Number must be less than or equal to ${spec.max}` });
      }
      return value;
    }
    case 'enum': {
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        const expected = spec.values.map((v) => `'${v}'`).join(' | ');
        const received = typeof value === 'string' ? `'${value}'` : typeName(value);
        issues.push({
          code: 'invalid_enum_value',
          path,
          message: `Invalid enum value. Expected ${expected}, received ${received}`,
        });
        return undefined;
      }
      return value;
    }
  }
}

/** Validates `{ data: {...} }` against `shape`; every problem is reported, not just the first. */
export function validateEnvelope(body: unknown, shape: Shape): Validation {
  if (!isPlainObject(body)) {
    return {
      ok: false,
      issues: [{ code: 'invalid_type', path: [], message: `Expected object, received ${typeName(body)}` }],
    };
  }
  const issues = unknownKeys(body, ['data'], []);
  const data = body['data'];
  if (data === undefined) {
    issues.push({ code: 'invalid_type', path: ['data'], message: 'Required' });
    return { ok: false, issues };
  }
  if (!isPlainObject(data)) {
    issues.push({ code: 'invalid_type', path: ['data'], message: `Expected object, received ${typeName(data)}` });
    return { ok: false, issues };
  }
  issues.push(...unknownKeys(data, Object.keys(shape), ['data']));
  const fields: Fields = {};
  for (const [name, spec] of Object.entries(shape)) fields[name] = checkField(name, spec, data[name], issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, data: fields };
}

/** The envelope message: the bare Zod message for one issue (as the backend sends), all of them otherwise. */
export function issuesMessage(issues: readonly Issue[]): string {
  if (issues.length === 1) return issues[0]!.message;
  return issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
