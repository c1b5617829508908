// Outgoing HTTP for webhook nodes and webhook deliveries. The sandbox only ever sends to loopback
// (plain http is allowed there: a documented sandbox choice); everything else is simulated.
import * as http from 'node:http';
import * as https from 'node:https';
import { isLoopbackHost } from '../http';

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}
export type HttpReply =
  { ok: true; status: number; headers: Record<string, string>; text: string } | { ok: false; error: string };
export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpReply>;
}

const MAX_REPLY_BYTES = 1024 * 1024;

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(host);
  } catch {
    return false;
  }
}

/** node:http(s) to loopback only, no redirects followed, bounded reply, hard timeout. */
export const loopbackTransport: HttpTransport = {
  send(request) {
    if (!isLoopbackUrl(request.url))
      return Promise.resolve({ ok: false, error: 'the sandbox only sends to loopback addresses' });
    return new Promise((resolve) => {
      const client = request.url.startsWith('https:') ? https : http;
      const req = client.request(
        request.url,
        {
          method: request.method,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          timeout: request.timeoutMs,
          ...(request.url.startsWith('https:') ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
          });
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers))
              if (typeof value === 'string') headers[name] = value;
            resolve({ ok: true, status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (error) => resolve({ ok: false, error: error.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out after ${request.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ ok: false, error: error.message }));
      req.end(request.body);
    });
  },
};
