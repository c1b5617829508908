// Loaded by the extension host as the "extension tests" entry (see bench/activation.mjs): times
// `await ext.activate()` on a fresh host where nothing has activated the extension yet, prints one
// `VELT_BENCH_ACTIVATION {json}` line (the extension id is read from target.txt beside this file), and resolves (the workbench then reports exit code 0).
// The JSON carries the activation's phases from VS Code's own performance marks (code/extHost/…/<id>): loading
// the module, waiting for the extension context (stored state, fetched from the window, which is still busy
// starting up), and activate() itself. VELT_BENCH_SETTLE_MS=<ms> waits that long first, so the window has
// settled as it has when onStartupFinished fires (a diagnostic; `npm run bench` measures at once).
const { performance } = require('node:perf_hooks');

exports.run = async function run() {
  const vscode = require('vscode');
  const id = require('node:fs').readFileSync(require('node:path').join(__dirname, 'target.txt'), 'utf8').trim();
  const ext = vscode.extensions.getExtension(id);
  if (!ext) {
    const seen = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${id} not found; non-builtin: ${seen.join(', ')}`);
  }
  const wasActive = ext.isActive;
  const settleMs = Number(process.env.VELT_BENCH_SETTLE_MS || 0);
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const phases = activationPhases(id);
  const t1 = performance.now();
  await ext.activate();
  const secondMs = performance.now() - t1;
  const commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('velt.')).length;
  console.log(
    'VELT_BENCH_ACTIVATION ' +
      JSON.stringify({ wasActive, activateMs, phases, secondMs, commands, extensionPath: ext.extensionPath }),
  );
};

/** ms spent loading the module, waiting for the context after it loaded, and in activate(); null if unmarked. */
function activationPhases(id) {
  // vs/base/common/performance keeps its marks on this global in the extension host (Date.now() times).
  const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
  const at = (what) => marks.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = [
    'willLoadExtensionCode',
    'didLoadExtensionCode',
    'willActivateExtension',
    'didActivateExtension',
  ].map(at);
  if ([willLoad, didLoad, willActivate, didActivate].some((t) => t === undefined)) return null;
  return { loadMs: didLoad - willLoad, contextWaitMs: willActivate - didLoad, activateMs: didActivate - willActivate };
}
