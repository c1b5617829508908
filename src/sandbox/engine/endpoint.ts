// What an engine endpoint is: a strict body shape and a handler returning the `result` payload or
// a documented error. The server validates the envelope, then calls the handler.
import type { ErrorCode } from '../http';
import type { Json, JsonObject } from '../types';
import type { Registry } from '../seed';
import type { Engine } from './engine';
import type { Field } from './schema';

export interface EndpointContext {
  engine: Engine;
  registry: Registry;
}
export type EndpointReply = { ok: true; result: Json } | { ok: false; status: ErrorCode; message: string };
export interface Endpoint {
  fields: Readonly<Record<string, Field>>;
  handle(ctx: EndpointContext, data: Record<string, Json>): EndpointReply;
}

export const ok = (result: Json): EndpointReply => ({ ok: true, result });
export const refuse = (status: ErrorCode, message: string): EndpointReply => ({ ok: false, status, message });

export function fromAction(
  result: { ok: true; value: JsonObject } | { ok: false; status: ErrorCode; message: string },
): EndpointReply {
  return result.ok ? ok(result.value) : refuse(result.status, result.message);
}

export const optionalString = (value: Json | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;
