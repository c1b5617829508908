// Loaded by the extension host as the "extension tests" entry (see bench/activation.mjs): times
// `await ext.activate()` on a fresh host where nothing has activated the extension yet, prints one
// `VELT_BENCH_ACTIVATION {json}` line (the extension id is read from target.txt beside this file), and resolves (the workbench then reports exit code 0).
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
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  const t1 = performance.now();
  await ext.activate();
  const secondMs = performance.now() - t1;
  const commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('velt.')).length;
  console.log(
    'VELT_BENCH_ACTIVATION ' +
      JSON.stringify({ wasActive, activateMs, secondMs, commands, extensionPath: ext.extensionPath }),
  );
};
