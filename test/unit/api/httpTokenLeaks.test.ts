// A network error whose text holds a credential must not reach the final ApiError (its message, server
// message or any field) nor a log line, on every path through the requester: an error with no code
// (its message is all there is), an unknown code, retried or not, and a non-ApiError thrown inside an
// attempt (withRetries wraps it).
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { createRequester, type LogLevel, type RequesterOptions } from '../../../src/api/http';
import { ApiError, userAgent } from '../../../src/api';
import { ExecutionViewSchema } from '../../../src/api/schemas';

const ORIGIN = 'https://api.velt.test';
const GET = '/v2/workflow/executions/get';
const CREDS = { apiKey: 'ak_live_LEAKYKEY789', authToken: 'at_LEAKYTOKEN012' };

function setup(overrides: Partial<RequesterOptions> = {}): {
  agent: MockAgent;
  logs: string[];
  options: RequesterOptions;
} {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const logs: string[] = [];
  const options: RequesterOptions = {
    getTarget: () => ({ baseUrl: ORIGIN, credentials: { ...CREDS, origin: ORIGIN } }),
    userAgent: userAgent('cli'),
    dispatcher: agent,
    log: (level: LogLevel, message: string) => logs.push(`${level} ${message}`),
    sleep: async () => undefined,
    random: () => 0.5,
    ...overrides,
  };
  return { agent, logs, options };
}

/** Everything a caller or a log could show of the error. */
function everything(error: ApiError, logs: string[]): string {
  return [error.message, error.serverMessage ?? '', String(error), inspect(error), JSON.stringify(error), ...logs].join(
    '\n',
  );
}

function assertClean(text: string): void {
  for (const secret of [CREDS.apiKey, CREDS.authToken])
    assert.ok(!text.includes(secret), `leaked ${secret} in:\n${text}`);
}

async function failure(options: RequesterOptions, retry: boolean): Promise<ApiError> {
  const requester = createRequester(options);
  try {
    await requester.request(ExecutionViewSchema, GET, { executionId: 'exec_1777374504255_xzy43k9q' }, { retry });
  } catch (error) {
    assert.ok(error instanceof ApiError, `not an ApiError: ${String(error)}`);
    return error;
  } finally {
    await requester.close();
  }
  throw new Error('the request succeeded');
}

const leakyErrors: [string, () => Error][] = [
  [
    'no code, the token in the message',
    () => new Error(`socket hang up while sending x-velt-auth-token: ${CREDS.authToken}`),
  ],
  [
    'an unknown code holding the token',
    () => Object.assign(new Error('odd failure'), { code: `E_${CREDS.authToken}` }),
  ],
  [
    'a known code, both secrets in the message',
    () => Object.assign(new Error(`reset ${CREDS.apiKey} ${CREDS.authToken}`), { code: 'ECONNRESET' }),
  ],
  [
    'a non-Error value with the token',
    () => Object.assign(Object.create(null) as Error, { message: `token=${CREDS.authToken}` }),
  ],
];

describe('api/http: credentials never leak through network errors', () => {
  for (const [label, make] of leakyErrors) {
    for (const retry of [true, false]) {
      it(`${label}, ${retry ? 'retried to the end' : 'not retried'}`, async () => {
        const { agent, logs, options } = setup();
        agent.get(ORIGIN).intercept({ path: GET, method: 'POST' }).replyWithError(make()).times(10);
        const error = await failure(options, retry);
        assert.equal(error.kind, 'network');
        if (retry) assert.ok((error.attempts ?? 0) > 1, 'it was retried');
        assertClean(everything(error, logs));
        assert.match(error.message, /Could not reach the Velt API/);
      });
    }
  }

  it('an unexpected exception inside an attempt (wrapped by withRetries) does not carry the token', async () => {
    const { agent, logs, options } = setup({
      onAttempt: () => {
        throw new TypeError(`cannot count request for ${CREDS.authToken}`);
      },
    });
    agent.get(ORIGIN).intercept({ path: GET, method: 'POST' }).reply(200, '{}').persist();
    for (const retry of [true, false]) {
      const error = await failure(options, retry);
      assertClean(everything(error, logs));
    }
  });
});
