// A local webhook receiver for tests: records each request (headers, raw body) and answers with the
// status the test scripts for that request number.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface TestReceiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** `status(n)` answers the n-th request (0-based); `'drop'` closes the connection without an answer. */
export async function startReceiver(
  status: (n: number, body: string) => number | 'drop' = () => 200,
): Promise<TestReceiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = status(received.length, body);
      received.push({ headers: req.headers, body, at: Date.now() });
      if (answer === 'drop') req.socket.destroy();
      else res.writeHead(answer).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
