// A loopback server that answers the CLI from a recording (recordPiped.ts), so the piped-output test
// checks today's bytes against fixed answers, independent of later changes to the sandbox's data.
// Every endpoint is a POST with a JSON body: an answer is found by path + body; repeated requests
// (follow polls) get their recorded answers in order, the last one again after that.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedExchange {
  path: string;
  body: string;
  status: number;
  response: string;
}

export interface Replay {
  url: string;
  /** Requests the recording had no answer for (the test fails on any). */
  unmatched: string[];
  close(): Promise<void>;
}

export const exchangeKey = (path: string, body: string): string => `${path} ${canonical(body)}`;

function canonical(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body;
  }
}

/** `apiKey`: when given, a request with another x-velt-api-key is answered 401 (tests of which key is sent). */
export async function startReplay(exchanges: readonly RecordedExchange[], apiKey?: string): Promise<Replay> {
  const answers = new Map<string, RecordedExchange[]>();
  for (const exchange of exchanges) {
    const key = exchangeKey(exchange.path, exchange.body);
    answers.set(key, [...(answers.get(key) ?? []), exchange]);
  }
  const served = new Map<string, number>();
  const unmatched: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (apiKey !== undefined && req.headers['x-velt-api-key'] !== apiKey) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":{"status":"UNAUTHENTICATED","message":"wrong API key"}}');
        return;
      }
      const key = exchangeKey(req.url ?? '', Buffer.concat(chunks).toString('utf8'));
      const list = answers.get(key);
      if (!list) {
        unmatched.push(key);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"status":"INTERNAL","message":"not in the recording"}}');
        return;
      }
      const index = served.get(key) ?? 0;
      served.set(key, index + 1);
      const answer = list[Math.min(index, list.length - 1)]!;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    unmatched,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
