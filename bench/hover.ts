// Hover benchmark (run: npx tsx bench/hover.ts). Outside the editor, with the code the hover runs:
// the id finder on the line (idAtOffset), the lookup (lookupHoverModel over the ExecutionCache and the
// real request module against the in-process sandbox) and the Markdown builder. Prints
//   1. the gate's cost per hover on a 5 MB single-line file and on a typical 500-line source file,
//   2. the full provider's cost per hover once the execution is cached,
//   3. HTTP requests for 100 hovers over the same id (terminal, running, unknown, and 100 at once),
//   4. `velt.hover.idPatterns` on a 1 MB line: the issue's pathological pattern (refused when compiled)
//      and the worst kind that is accepted (quadratic, stopped by the scan budget), against the
//      default pattern on the same line.
// The editor's own getWordRangeAtPosition (used first on lines up to 20,000 characters) is not available
// here; it cuts lines to 1,000 characters around the cursor and has its own time budget.
// With --json, also prints one JSON line of the figures at the end (read by bench/run.mjs).
import { originOf, userAgent } from '../src/api';
import { createWorkflowApi } from '../src/api/request';
import { lookupHoverModel, buildHoverMarkdown, type LookupDeps } from '../src/hover/hoverContent';
import { SANDBOX_EXECUTIONS, startSandbox } from '../src/sandbox/server';
import { ExecutionCache } from '../src/state/executionCache';
import { compileIdPatterns, defaultMatcher, idAtOffset, type IdMatcher } from '../src/util/idMatcher';

const matcher = defaultMatcher();
const completed = SANDBOX_EXECUTIONS['completedParallel']!;
const running = SANDBOX_EXECUTIONS['runningLongWait']!;
const unknown = SANDBOX_EXECUTIONS['agentLookalike']!;
const figures: Record<string, number> = {};

function timeIt(label: string, iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `  ${label.padEnd(58)} ${((totalMs * 1000) / iterations).toFixed(2).padStart(9)} µs/hover  (${iterations} hovers, ${totalMs.toFixed(1)} ms)`,
  );
  return (totalMs * 1000) / iterations;
}

function fiveMegabyteLine(): { line: string; idAt: number } {
  const record = (i: number): string =>
    `{"ts":${1_793_516_400_000 + i},"level":"info","msg":"step completed","step":"agent-draft-${i}"},`;
  let line = '[';
  let i = 0;
  while (line.length < 2.5 * 1024 * 1024) line += record(i++);
  const idAt = line.length + 16;
  line += `{"executionId":"${completed}","status":"completed"},`;
  while (line.length < 5 * 1024 * 1024) line += record(i++);
  return { line: `${line}]`, idAt };
}

function sourceFile(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 500; i++) {
    if (i % 50 === 7) lines.push(`  const executionId = '${completed}'; // see the run in the inspector`);
    else if (i % 10 === 0)
      lines.push(`export function handler${i}(event: WorkflowEvent, context: Context): Promise<void> {`);
    else
      lines.push(
        `  logger.info(\`processing \${event.type} for \${context.requestId} at step ${i}\`, { attempt, retries: ${i % 7} });`,
      );
  }
  return lines;
}

/** Median of `runs` timings of one findAll over the whole line (each with a fresh scan budget). */
function scanMs(matcher: IdMatcher, line: string, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    matcher.findAll(line);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function patternCosts(): void {
  console.log('\n4. velt.hover.idPatterns on a 1 MB line (findAll, median of 7)');
  const pathological = '\\d+\\d+x(?<id>exec_\\d{13}_[a-z0-9]+)';
  const worstAccepted = '.*x(?<id>exec_\\d{13}_[a-z0-9]+)';
  const digits = `${'1'.repeat(4_096)}x${completed} `.repeat(Math.ceil(1_048_576 / (4_098 + completed.length)));
  const ids = `${completed} `.repeat(Math.ceil(1_048_576 / (completed.length + 1)));
  for (const line of [digits, ids]) /zzz/.test(line); // flatten once, outside the timings
  const refused = compileIdPatterns([pathological]);
  const accepted = compileIdPatterns([worstAccepted]);
  if (!refused.usingDefault || accepted.errors.length > 0) throw new Error('unexpected pattern verdicts');
  const row = (label: string, value: number, unit = 'ms'): number => {
    console.log(`  ${label.padEnd(80)} ${value.toFixed(2).padStart(9)} ${unit}`);
    return value;
  };
  console.log(`  ${pathological} → refused: ${refused.errors[0]?.reason}`);
  figures['patternDigitsRefusedMs'] = row(
    '4 KB digit runs + ids, the pathological pattern as configured',
    scanMs(refused.matcher, digits),
  );
  figures['patternDigitsDefaultMs'] = row(
    '4 KB digit runs + ids, default pattern (reference)',
    scanMs(defaultMatcher(), digits),
  );
  figures['patternIdsWorstMs'] = row(
    `36k ids, worst accepted pattern ${worstAccepted} (stops at the budget)`,
    scanMs(accepted.matcher, ids),
  );
  figures['patternIdsDefaultMs'] = row(
    '36k ids, default pattern, first 1,000 (reference)',
    scanMs(defaultMatcher(), ids),
  );
  const hoverStarted = process.hrtime.bigint();
  for (let i = 0; i < 100; i++) accepted.matcher.matchAt(ids, (i * 10_007) % ids.length);
  figures['patternIdsWorstHoverUs'] = row(
    '36k ids, worst accepted pattern, one hover (mean of 100)',
    Number(process.hrtime.bigint() - hoverStarted) / 1e3 / 100,
    'µs',
  );
}

async function main(): Promise<void> {
  console.log('Hover benchmark (Node', process.version + ')');

  console.log('\n1. Gate: finding the id under the cursor (idAtOffset on the line)');
  const { line, idAt } = fiveMegabyteLine();
  console.log(`  5 MB file: one line of ${(line.length / 1024 / 1024).toFixed(2)} MiB`);
  figures['gate5MbOnIdUs'] = timeIt('5 MB line, cursor on the id', 10_000, () => {
    if (!idAtOffset(line, idAt + 5, matcher)) throw new Error('missed');
  });
  figures['gate5MbNoIdUs'] = timeIt('5 MB line, cursor elsewhere (no id)', 10_000, (i) => {
    idAtOffset(line, (i * 7919) % line.length, matcher);
  });
  const source = sourceFile();
  const idLine = source.findIndex((l) => l.includes(completed));
  console.log(`  Source file: ${source.length} lines, ${source.join('\n').length} characters`);
  figures['gateSourceOnIdUs'] = timeIt('500-line source, cursor on the id', 10_000, () => {
    if (!idAtOffset(source[idLine]!, source[idLine]!.indexOf(completed) + 3, matcher)) throw new Error('missed');
  });
  figures['gateSourceNoIdUs'] = timeIt('500-line source, every line and column (no id)', 50_000, (i) => {
    const l = source[i % source.length]!;
    idAtOffset(l, (i * 31) % Math.max(1, l.length), matcher);
  });

  const sandbox = await startSandbox({ port: 0, apiKey: 'sandbox', authToken: 'sandbox' });
  let requests = 0;
  const api = createWorkflowApi({
    getTarget: () => ({
      baseUrl: sandbox.url,
      credentials: { apiKey: 'sandbox', authToken: 'sandbox', origin: originOf(sandbox.url) },
    }),
    userAgent: userAgent('cli', 'bench-hover'),
    onAttempt: () => {
      requests++;
    },
  });
  try {
    const cache = new ExecutionCache(
      (id, signal) => api.getExecution(id, { signal }),
      () => 'Sandbox (local)',
    );
    const deps: LookupDeps = {
      environment: 'Sandbox (local)',
      signedIn: true,
      get: (id, signal) => cache.get(id, { signal }),
      isPinned: () => false,
      now: Date.now,
    };
    const hover = async (text: string, character: number): Promise<string | undefined> => {
      const found = idAtOffset(text, character, matcher);
      if (!found) return undefined;
      const model = await lookupHoverModel(found.id, deps, new AbortController().signal);
      return model && buildHoverMarkdown(model);
    };

    console.log('\n2. Full hover (gate + cached lookup + Markdown)');
    await hover(line, idAt + 5);
    for (const [label, text, at] of [
      ['5 MB line', line, idAt + 5],
      ['500-line source', source[idLine]!, source[idLine]!.indexOf(completed) + 3],
    ] as const) {
      const n = 5_000;
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await hover(text, at);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      figures[label === '5 MB line' ? 'fullHover5MbUs' : 'fullHoverSourceUs'] = (ms * 1000) / n;
      console.log(
        `  ${`${label}, cached completed execution`.padEnd(58)} ${((ms * 1000) / n).toFixed(2).padStart(9)} µs/hover  (${n} hovers)`,
      );
    }
    const first = process.hrtime.bigint();
    const fresh = new ExecutionCache(
      (id, signal) => api.getExecution(id, { signal }),
      () => 'Sandbox (local)',
    );
    await fresh.get(completed);
    figures['firstHoverMs'] = Number(process.hrtime.bigint() - first) / 1e6;
    console.log(
      `  ${'first hover on an id (one request to the local sandbox)'.padEnd(58)} ${(Number(process.hrtime.bigint() - first) / 1e6).toFixed(2).padStart(9)} ms`,
    );

    console.log('\n3. HTTP requests for 100 hovers over the same id');
    const count = async (label: string, id: string, spacingMs: number, fresh = true): Promise<number> => {
      const c = fresh
        ? new ExecutionCache(
            (x, signal) => api.getExecution(x, { signal }),
            () => 'Sandbox (local)',
          )
        : cache;
      const d: LookupDeps = { ...deps, get: (x, signal) => c.get(x, { signal }) };
      const before = requests;
      const started = Date.now();
      for (let i = 0; i < 100; i++) {
        await lookupHoverModel(id, d, new AbortController().signal);
        if (spacingMs) await new Promise((r) => setTimeout(r, spacingMs));
      }
      console.log(
        `  ${label.padEnd(58)} ${String(requests - before).padStart(4)} request(s) in ${Date.now() - started} ms`,
      );
      return requests - before;
    };
    figures['requests100Completed'] = await count('completed execution, back to back', completed, 0);
    figures['requests100Running'] = await count('running execution, back to back', running, 0);
    figures['requests100RunningSpaced'] = await count('running execution, one hover every 100 ms (10 s)', running, 100);
    figures['requests100Unknown'] = await count('unknown id (NOT_FOUND), back to back', unknown, 0);
    const before = requests;
    const c = new ExecutionCache(
      (x, signal) => api.getExecution(x, { signal }),
      () => 'Sandbox (local)',
    );
    await Promise.all(
      Array.from({ length: 100 }, () =>
        lookupHoverModel(completed, { ...deps, get: (x, s) => c.get(x, { signal: s }) }, new AbortController().signal),
      ),
    );
    figures['requests100Concurrent'] = requests - before;
    console.log(
      `  ${'completed execution, 100 hovers at the same moment'.padEnd(58)} ${String(requests - before).padStart(4)} request(s)`,
    );
    const cancelled = new ExecutionCache(
      (x, signal) => api.getExecution(x, { signal }),
      () => 'Sandbox (local)',
    );
    const slowBefore = requests;
    const controllers = Array.from({ length: 100 }, () => new AbortController());
    const lookups = controllers.map((ctl) =>
      lookupHoverModel(
        SANDBOX_EXECUTIONS['slow']!,
        { ...deps, get: (x, s) => cancelled.get(x, { signal: s }) },
        ctl.signal,
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    for (const ctl of controllers) ctl.abort();
    const outcomes = await Promise.all(lookups);
    figures['requests100Cancelled'] = requests - slowBefore;
    console.log(
      `  ${'slow id, 100 hovers cancelled after 50 ms'.padEnd(58)} ${String(requests - slowBefore).padStart(4)} request(s), ${outcomes.filter((o) => o === undefined).length} gave no hover, ${cancelled.pending} left in flight`,
    );
  } finally {
    await api.close();
    await sandbox.close();
  }
  patternCosts();
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
