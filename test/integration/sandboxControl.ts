// The built-in sandbox runs in a child process, so tests drive it through its HTTP control API
// (src/sandbox/control.ts), authenticated with the control token the child reported to the extension.
import * as http from 'node:http';
import type { InspectorTestApi } from '../../src/extension';
import type { FileProblem } from '../../src/sandbox/engine/loadDefinitions';
import { CONTROL_TOKEN_HEADER, type FaultRule, type SandboxStats } from '../../src/sandbox/server';
import type { RunningSandbox } from '../../src/sandboxHost/sandboxHost';

export interface SandboxControl {
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  addFault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  setCredentials(apiKey: string, authToken: string): Promise<void>;
  definitionProblems(): Promise<FileProblem[]>;
}

/** One control request; fails the test with the sandbox's message on anything but 200. */
export function controlRequest(
  sandbox: RunningSandbox,
  method: string,
  route: string,
  body?: unknown,
): Promise<unknown> {
  const url = new URL(`/__sandbox/${route}`, sandbox.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        headers: {
          [CONTROL_TOKEN_HEADER]: sandbox.controlToken,
          // A length, not chunked: Node's server refuses a chunked DELETE body.
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(JSON.parse(text));
          else reject(new Error(`${method} ${url.pathname} → ${response.statusCode}: ${text}`));
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The control API of whichever sandbox process is running at each call (started if none is). */
export function sandboxControl(api: InspectorTestApi): SandboxControl {
  const call = async (method: string, route: string, body?: unknown): Promise<unknown> =>
    controlRequest(await api.sandbox.ensure(), method, route, body);
  return {
    stats: async () => (await call('GET', 'stats')) as SandboxStats,
    resetStats: async () => void (await call('POST', 'reset-stats', {})),
    addFault: async (rule) => void (await call('POST', 'faults', rule)),
    clearFaults: async () => void (await call('DELETE', 'faults', {})),
    setCredentials: async (apiKey, authToken) => void (await call('POST', 'credentials', { apiKey, authToken })),
    definitionProblems: async () =>
      ((await call('GET', 'definitions/problems')) as { problems: FileProblem[] }).problems,
  };
}
