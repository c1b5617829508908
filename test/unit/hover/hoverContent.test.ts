// The hover's Markdown as a pure function: what it shows for each state, that API data renders as text
// (no links, HTML, theme icons or bidi tricks), and that it links only to our own commands.
import { strict as assert } from 'node:assert';
import type { ExecutionView, StepView } from '../../../src/api';
import { ApiError } from '../../../src/api';
import {
  buildHoverMarkdown,
  HOVER_COMMANDS,
  lookupHoverModel,
  type HoverModel,
  type LookupDeps,
} from '../../../src/hover/hoverContent';
import { Commands } from '../../../src/ids';
import { inertMarkdown } from '../../../src/util/inertText';
import { linkedCommands } from '../../../src/util/markdown';

const ID = 'exec_1793516400117_lwofay3k';
const NOW = 1_793_516_500_000;

function step(partial: Partial<StepView> & Pick<StepView, 'nodeId' | 'status'>): StepView {
  return {
    stepId: `step_${partial.nodeId}`,
    nodeType: 'agent',
    groupId: null,
    startedAt: null,
    completedAt: null,
    output: {},
    error: null,
    ...partial,
  };
}

function execution(partial: Partial<ExecutionView> = {}): ExecutionView {
  return {
    executionId: ID,
    status: 'completed',
    startedAt: NOW - 90_000,
    completedAt: NOW - 7_000,
    cancelledAt: null,
    definitionId: 'marketing-copy-approval',
    definitionVersion: 3,
    correlationId: 'corr_1',
    idempotencyKey: null,
    failureReason: null,
    steps: [],
    ...partial,
  };
}

const model = (e: ExecutionView, pinned = false): HoverModel => ({
  kind: 'execution',
  executionId: ID,
  environment: 'Production',
  execution: e,
  pinned,
  now: NOW,
});

/** Command URIs in the text, however they are written (a markdown link or a bare autolink). */
function commandMentions(markdown: string): string[] {
  return [...markdown.matchAll(/command:([A-Za-z0-9_.-]+)/g)].map((m) => m[1]!);
}

const HOSTILE = [
  '[x](command:workbench.action.quit)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '$(zap) $(sync~spin)',
  '![img](https://evil.example/x.png)',
  'https://evil.example/phish www.evil.example mail@evil.example',
  '`code` **bold** _em_ # heading\n- list\n| a | b |',
  'bell\u0007 nul\u0000 esc\u001b[31mRED cr\r lf\n',
  'invoice_\u202egpj.exe\u202c',
  '&amp; &lt;b&gt; &#36;(zap)',
  '\\[escaped\\](command:velt.signOut)',
];

describe('hover/hoverContent', () => {
  it('shows status, definition and version, environment, id, timing, step counts and four actions', () => {
    const md = buildHoverMarkdown(
      model(
        execution({
          steps: [
            step({ nodeId: 'a', status: 'completed' }),
            step({ nodeId: 'b', status: 'completed' }),
            step({ nodeId: 'c', status: 'cancelled' }),
          ],
        }),
      ),
    );
    assert.match(md, /^\$\(pass-filled\) \*\*Completed\*\* · marketing\\-copy\\-approval v3 · Production/);
    assert.ok(md.includes(`\n\n${inertMarkdown(ID)}\n\n`));
    assert.match(md, /\$\(history\) Started 1m ago \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) · took 1m 23s/);
    assert.ok(md.includes('$(list-tree) Steps: 2 completed · 1 cancelled'));
    assert.deepEqual(linkedCommands(md), [
      Commands.openExecution,
      Commands.pinExecution,
      Commands.copyExecutionId,
      Commands.refreshExecution,
    ]);
    assert.ok(md.includes(encodeURIComponent(JSON.stringify([{ executionId: ID, source: 'hover' }]))));
  });

  it('offers Unpin instead of Pin for a pinned execution', () => {
    const md = buildHoverMarkdown(model(execution(), true));
    assert.ok(linkedCommands(md).includes(Commands.unpinExecution));
    assert.ok(!linkedCommands(md).includes(Commands.pinExecution));
  });

  it('a running execution waiting for approval shows who it waits for', () => {
    const reviewers = [
      { userId: 'u_legal_ng', mandatory: true },
      { userId: 'u_legal_ortiz', mandatory: true },
      { userId: 'u_x', mandatory: false },
    ];
    const md = buildHoverMarkdown(
      model(
        execution({
          status: 'running',
          completedAt: null,
          steps: [
            step({ nodeId: 'agent-summarize', status: 'completed' }),
            step({
              nodeId: 'human-legal',
              nodeType: 'human',
              status: 'waiting',
              output: { reviewers, reviewerIds: reviewers.map((r) => r.userId) },
            }),
            step({
              nodeId: 'human-brand',
              nodeType: 'human',
              status: 'waiting',
              output: { reviewerIds: ['u_b'], totalResponses: 0 },
            }),
          ],
        }),
      ),
    );
    assert.match(md, /^\$\(bell-dot\) \*\*Waiting for approval\*\*/);
    assert.ok(md.includes('running for 1m 30s'));
    assert.ok(md.includes('$(person) Waiting for approval: **human\\-legal** — 3 reviewers (2 mandatory)'));
    assert.ok(md.includes('$(person) Waiting for approval: **human\\-brand** — 1 reviewer'));
    assert.ok(md.includes('Steps: 2 waiting · 1 completed'));
  });

  it('a failed execution shows its failure reason', () => {
    const md = buildHoverMarkdown(
      model(
        execution({
          status: 'failed',
          failureReason: { code: 'webhook-node-empty-response', message: 'The webhook returned an empty body' },
        }),
      ),
    );
    assert.match(md, /^\$\(error\) \*\*Failed\*\*/);
    assert.ok(md.includes('$(error) webhook\\-node\\-empty\\-response: The webhook returned an empty body'));
  });

  it('NOT_FOUND is an explanation, not an error: "not a workflow execution in <environment>"', () => {
    const md = buildHoverMarkdown({ kind: 'notFound', executionId: ID, environment: 'Sandbox (local)' });
    assert.ok(md.includes(`${inertMarkdown(ID)} is not a workflow execution in Sandbox \\(local\\)`));
    assert.ok(md.includes('Velt Agents run'));
    assert.deepEqual(linkedCommands(md), [Commands.selectEnvironment, Commands.refreshExecution]);
  });

  it('signed out: no lookup, names Set Credentials and links Try the Sandbox', () => {
    const md = buildHoverMarkdown({ kind: 'signedOut', executionId: ID, environment: 'Production' });
    assert.ok(md.includes('Velt: Set Credentials'));
    assert.deepEqual(linkedCommands(md), [Commands.trySandbox]);
  });

  it('trusts exactly the commands its links use, none that accepts secrets', () => {
    const models: HoverModel[] = [
      { kind: 'signedOut', executionId: ID, environment: 'Production' },
      { kind: 'notFound', executionId: ID, environment: 'Production' },
      ...(['unauthenticated', 'network', 'rateLimited', 'invalidResponse'] as const).map((errorKind): HoverModel => ({
        kind: 'error',
        executionId: ID,
        environment: 'Production',
        errorKind,
        message: 'x',
      })),
      model(execution(), false),
      model(execution(), true),
      {
        ...model(
          execution({
            status: 'running',
            steps: [
              step({ nodeId: 'human-legal', nodeType: 'human', status: 'waiting', output: { reviewerIds: ['u'] } }),
            ],
          }),
        ),
        actionsEnabled: true,
      } as HoverModel,
    ];
    const linked = new Set(models.flatMap((m) => linkedCommands(buildHoverMarkdown(m))));
    assert.deepEqual([...linked].sort(), [...HOVER_COMMANDS].sort());
    assert.ok(!HOVER_COMMANDS.includes(Commands.setCredentials));
  });

  it('other errors are one line with the action that fixes them', () => {
    const cases: [HoverModel, string][] = [
      [
        { kind: 'error', executionId: ID, environment: 'Production', errorKind: 'unauthenticated', message: 'x' },
        'Velt: Set Credentials',
      ],
      [
        { kind: 'error', executionId: ID, environment: 'Production', errorKind: 'network', message: 'x' },
        Commands.refreshExecution,
      ],
      [
        {
          kind: 'error',
          executionId: ID,
          environment: 'Production',
          errorKind: 'rateLimited',
          message: 'x',
          retryAfterMs: 30_000,
        },
        Commands.refreshExecution,
      ],
      [
        { kind: 'error', executionId: ID, environment: 'Production', errorKind: 'invalidResponse', message: 'x' },
        Commands.showLog,
      ],
    ];
    for (const [m, command] of cases) {
      const md = buildHoverMarkdown(m);
      const [first] = md.split('\n\n');
      assert.ok(
        linkedCommands(first!).includes(command) || first!.includes(command),
        `${m.kind === 'error' ? m.errorKind : ''}: ${first}`,
      );
    }
  });

  describe('hostile API data', () => {
    for (const text of HOSTILE) {
      it(`renders ${JSON.stringify(text.slice(0, 40))} as text`, () => {
        const e = execution({
          status: 'failed',
          definitionId: text,
          failureReason: { code: text, message: text },
          steps: [
            step({
              nodeId: text,
              nodeType: 'human',
              status: 'waiting',
              output: { reviewers: [{ userId: text, mandatory: true }] },
            }),
            step({ nodeId: 'x', status: text }),
          ],
        });
        const md = buildHoverMarkdown({ ...model(e), environment: text } as HoverModel);
        // Only our commands, only in our links.
        assert.deepEqual(
          commandMentions(md).filter((c) => !HOVER_COMMANDS.includes(c)),
          [],
        );
        for (const c of linkedCommands(md)) assert.ok(HOVER_COMMANDS.includes(c));
        // No raw HTML, no icon syntax from data, no control or bidi characters.
        assert.ok(!/<[a-z!/]/i.test(md), 'no raw tags');
        const fromData = md
          .split('\n\n---\n\n')[0]!
          .replace(/^\$\([a-z-]+\) /gm, '')
          .replace(/ \$\([a-z-~]+\) /g, ' ');
        assert.ok(!/(?<!\\)\$\(/.test(fromData.replace(/&#36;/g, '')), 'no $( from data');
        assert.ok(
          !/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(md),
          'no control/bidi characters',
        );
        // Markdown link and image syntax from data is escaped.
        assert.ok(!/(?<!\\)\]\((?!command:velt\.)/.test(md), 'no unescaped ]( outside our links');
      });
    }

    it('cuts very long data', () => {
      const md = buildHoverMarkdown(
        model(execution({ status: 'failed', failureReason: { code: 'x', message: 'y'.repeat(200_000) } })),
      );
      assert.ok(md.length < 3_000, `length ${md.length}`);
    });
  });

  describe('lookupHoverModel', () => {
    const deps = (get: LookupDeps['get'], signedIn = true): LookupDeps & { calls: number } => {
      const d = {
        environment: 'Production',
        signedIn,
        isPinned: () => true,
        now: () => NOW,
        calls: 0,
        get: (id: string, signal: AbortSignal) => {
          d.calls++;
          return get(id, signal);
        },
      };
      return d;
    };

    it('looks nothing up while signed out', async () => {
      const d = deps(() => Promise.resolve(execution()), false);
      assert.equal((await lookupHoverModel(ID, d, new AbortController().signal))?.kind, 'signedOut');
      assert.equal(d.calls, 0);
    });

    it('maps the result and each failure kind', async () => {
      const ok = await lookupHoverModel(
        ID,
        deps(() => Promise.resolve(execution())),
        new AbortController().signal,
      );
      assert.equal(ok?.kind, 'execution');
      assert.equal(ok?.kind === 'execution' && ok.pinned, true);
      const missing = await lookupHoverModel(
        ID,
        deps(() => Promise.reject(new ApiError('notFound', 'x'))),
        new AbortController().signal,
      );
      assert.equal(missing?.kind, 'notFound');
      const offline = await lookupHoverModel(
        ID,
        deps(() => Promise.reject(new ApiError('network', 'offline'))),
        new AbortController().signal,
      );
      assert.deepEqual(offline?.kind === 'error' && offline.errorKind, 'network');
      const odd = await lookupHoverModel(
        ID,
        deps(() => Promise.reject(new TypeError('boom'))),
        new AbortController().signal,
      );
      assert.deepEqual(odd?.kind === 'error' && odd.errorKind, 'unknown');
    });

    it('gives nothing once the hover is cancelled', async () => {
      const controller = new AbortController();
      const pending = lookupHoverModel(
        ID,
        deps(
          (_, signal) =>
            new Promise((_r, reject) => {
              signal.addEventListener('abort', () => reject(new ApiError('cancelled', 'x')));
            }),
        ),
        controller.signal,
      );
      controller.abort();
      assert.equal(await pending, undefined);
    });
  });
});
