// Evaluation benchmark: the cost of loading the manifest's `main` bundle, which every VS Code start pays
// (the extension activates on onStartupFinished). Each round is a fresh Node process that installs a stub
// `vscode` module (a Proxy that answers every property, call and `new`) and times `require(bundle)`.
// Reference: the same, requiring a 1 KB module. Rounds alternate between the two; medians are reported.
//
// Usage: node bench/evaluation.mjs [--json] [--bundle=<path>]  (default dist/extension.js; build it with
//        node esbuild.mjs --production first). Env: ROUNDS (15).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
const bundle = path.resolve(
  process.argv.find((a) => a.startsWith('--bundle='))?.slice('--bundle='.length) ??
    path.join(ROOT, 'dist/extension.js'),
);
const ROUNDS = Number(process.env.ROUNDS || 15);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'velt-bench-eval-'));
const reference = path.join(tmp, 'reference.js');
// About 1 KB of ordinary module code: a few functions and an exported activate.
fs.writeFileSync(
  reference,
  `'use strict';\n${Array.from({ length: 12 }, (_, i) => `function f${i}(a, b) { return a + b * ${i}; }`).join('\n')}\n` +
    `exports.activate = function activate() { return [${Array.from({ length: 12 }, (_, i) => `f${i}(1, 2)`).join(', ')}]; };\nexports.deactivate = function deactivate() {};\n`,
);

// Runs in the fresh process: stub `vscode`, then time the require alone.
const probe = `
const Module = require('node:module');
const stub = new Proxy(function vscode() {}, {
  get: (target, key) => key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : stub,
  apply: () => stub, construct: () => stub,
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const t0 = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({ ms }));
`;

function once(file) {
  const result = spawnSync(process.execPath, ['-e', probe, file], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0)
    throw new Error(
      `evaluating ${file} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n')}`,
    );
  return JSON.parse(result.stdout).ms;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const ours = [];
  const refs = [];
  once(bundle); // warm the file cache
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(once(bundle));
    refs.push(once(reference));
  }
  const result = {
    bundle: path.relative(ROOT, bundle),
    bytes: fs.statSync(bundle).size,
    rounds: ROUNDS,
    medianMs: median(ours),
    referenceMedianMs: median(refs),
    deltaMs: median(ours) - median(refs),
  };
  if (json) console.log(JSON.stringify(result));
  else
    console.log(
      `${result.bundle} (${result.bytes} bytes): ${result.medianMs.toFixed(1)} ms to evaluate, 1 KB module ${result.referenceMedianMs.toFixed(1)} ms, +${result.deltaMs.toFixed(1)} ms (median of ${ROUNDS})`,
    );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
