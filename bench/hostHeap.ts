// Host heap of one execution panel at 100,000 loaded events (run: npx tsx bench/hostHeap.ts [--json]).
// Pages the in-process sandbox's 100,003-event execution three ways in one process, measuring the heap
// (after GC) that stays while each result is held:
//   reference: the raw events array (EventCursor pages concatenated), i.e. each event held once;
//   panel:     the panel's EventLoader after "load all" (what ExecutionPanel keeps: the events, once);
//   before:    the loader plus a converted copy per event, as the panel held them before (for comparison).
// With --json, also prints one JSON line of the figures at the end (read by bench/run.mjs).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { EventCursor, originOf, type ExecutionEvent } from '../src/api';
import { createWorkflowApi } from '../src/api/request';
import { EventLoader } from '../src/panel/eventLoader';
import { toPanelEvent } from '../src/panel/payload';
import type { PanelEvent } from '../src/panel/protocol';
import { SANDBOX_EXECUTIONS, startSandbox } from '../src/sandbox/server';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const PAGE = 500;
const json = process.argv.includes('--json');

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, apiKey: 'sandbox', authToken: 'sandbox' });
  const api = createWorkflowApi({
    getTarget: () => ({
      baseUrl: sandbox.url,
      credentials: { apiKey: 'sandbox', authToken: 'sandbox', origin: originOf(sandbox.url) },
    }),
    userAgent: 'velt-bench/hostHeap',
    timeoutMs: 60_000,
  });
  const id = SANDBOX_EXECUTIONS['huge']!;
  try {
    await new EventCursor(api, id, PAGE).next(); // warm up the connection and the sandbox

    let base = heapAfterGc();
    let raw: ExecutionEvent[] | undefined = [];
    const cursor = new EventCursor(api, id, PAGE);
    for (;;) {
      const page = await cursor.next({ skipEmpty: true });
      for (const event of page.events) raw.push(event);
      if (!page.hasMore && !page.scanLimitReached) break;
    }
    const rawBytes = heapAfterGc() - base;
    const events = raw.length;
    raw = undefined;

    base = heapAfterGc();
    let loader: EventLoader | undefined = new EventLoader(api, id, PAGE, {
      onEvents: () => undefined,
      onStatus: () => undefined,
    });
    while (loader.hasMore) await loader.loadAll();
    const panelBytes = heapAfterGc() - base;
    let copies: PanelEvent[] | undefined = loader.events.map((e) => toPanelEvent(e));
    const beforeBytes = heapAfterGc() - base;
    if (loader.events.length !== events || copies.length !== events)
      throw new Error(`loaded ${loader.events.length}, expected ${events}`);
    copies = undefined;
    loader = undefined;

    const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
    const figures = { events, rawBytes, panelBytes, beforeBytes, ratio: panelBytes / rawBytes };
    console.log(`host heap at ${events.toLocaleString('en-US')} loaded events (after GC, execution "huge")`);
    console.log(
      `   reference: raw events array        ${mb(rawBytes)}  (${Math.round(rawBytes / events)} bytes per event)`,
    );
    console.log(
      `   panel: EventLoader (events once)   ${mb(panelBytes)}  (${(panelBytes / rawBytes).toFixed(2)}× the reference)`,
    );
    console.log(`   before: loader + converted copies  ${mb(beforeBytes)}  (${(beforeBytes / rawBytes).toFixed(2)}×)`);
    if (json) console.log(JSON.stringify(figures));
  } finally {
    await api.close();
    await sandbox.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
