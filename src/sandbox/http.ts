// HTTP plumbing: the Firebase-callable envelopes, the canonical-code → HTTP status mapping
// (velt-api.md §4), bounded body reading and writing a computed response.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response computed before anything is written, so faults can delay, cut or replace it. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNKNOWN'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED';

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNKNOWN: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** 1 MiB, like the documented inbound-trigger cap; the read endpoints need a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this we stop draining an oversized body and drop the connection. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function resultResponse(result: unknown): SandboxResponse {
  return jsonResponse(200, { result });
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers: Record<string, string> = {},
): SandboxResponse {
  const error = details === undefined ? { message, status: code } : { message, status: code, details };
  return jsonResponse(HTTP_STATUS[code], { error }, headers);
}

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads the whole body, keeping at most `limit` bytes (an oversized body is drained, then refused). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () =>
      resolve(
        size > limit ? { ok: false, reason: 'too-large' } : { ok: true, text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, reason: 'aborted' });
    });
  });
}

export function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Hosts the sandbox agrees to bind: it serves fake data and a control API, never on a network. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}
