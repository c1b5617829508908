// Checks the packaged .vsix (a zip) holds only what runs: the five bundles, media, the manifest and the docs
// (plus the .vsix's own [Content_Types].xml and extension.vsixmanifest). No sources, tests, source maps,
// node_modules, .vscode-test or shots; no secret-looking strings in any packed file; a size budget.
// Reads the zip's central directory itself (no unzip needed) and inflates each entry with zlib.
//
// Usage: node scripts/check-vsix.mjs [path/to.vsix]   (default velt-workflow-inspector.vsix; env VSIX too)
// Env:   VSIX_MAX_BYTES (size budget of the .vsix; default 3 MiB)
// Prints one `ok  …` / `FAIL …` line per check, then `vsix check: N passed, M failed`; exit 1 on any failure.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.resolve(process.argv[2] || process.env.VSIX || path.join(ROOT, 'velt-workflow-inspector.vsix'));
/** The lean issue's goal for the .vsix (the CLI bundle is not packed: the extension never loads it). */
const MAX_BYTES = Number(process.env.VSIX_MAX_BYTES || 400 * 1024);

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL '}${what}${detail ? ` — ${detail}` : ''}`);
}

/** Entries of a zip from its central directory: { name, method, compressedSize, size, offset }. */
function readZip(buffer) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const offset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, method, compressedSize, size, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function contents(buffer, entry) {
  const local = entry.offset;
  if (buffer.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
  const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
  const data = buffer.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
}

/** What may be packed; vsce lower-cases readme/changelog and may add .txt to the licence. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/dist\/(extension|commands|panels|webhooks|graphLayout|api|webview|webviewGraph|webviewTimeline|sandbox)\.js$/,
  /^extension\/media\/.+/,
];
const REQUIRED = [
  ['extension.vsixmanifest', /^extension\.vsixmanifest$/],
  ['[Content_Types].xml', /^\[Content_Types\]\.xml$/],
  ['extension/package.json', /^extension\/package\.json$/],
  ['extension/README.md', /^extension\/readme\.md$/i],
  ['extension/CHANGELOG.md', /^extension\/changelog\.md$/i],
  ['extension/LICENSE', /^extension\/license(\.txt|\.md)?$/i],
  ['extension/dist/extension.js', /^extension\/dist\/extension\.js$/],
  ['extension/dist/commands.js', /^extension\/dist\/commands\.js$/],
  ['extension/dist/panels.js', /^extension\/dist\/panels\.js$/],
  ['extension/dist/webhooks.js', /^extension\/dist\/webhooks\.js$/],
  ['extension/dist/graphLayout.js', /^extension\/dist\/graphLayout\.js$/],
  ['extension/dist/api.js', /^extension\/dist\/api\.js$/],
  ['extension/dist/webview.js', /^extension\/dist\/webview\.js$/],
  ['extension/dist/webviewGraph.js', /^extension\/dist\/webviewGraph\.js$/],
  ['extension/dist/webviewTimeline.js', /^extension\/dist\/webviewTimeline\.js$/],
  ['extension/dist/sandbox.js', /^extension\/dist\/sandbox\.js$/],
];
const FORBIDDEN = [
  ['TypeScript sources', /\.(ts|tsx|mts|cts)$/i],
  ['tests', /(^|\/)(test|tests|__tests__|out)\/|\.test\.[cm]?js$|\.spec\.[cm]?js$/i],
  ['source maps', /\.map$/i],
  ['node_modules', /(^|\/)node_modules\//],
  ['.vscode-test', /(^|\/)\.vscode-test\//],
  ['shots', /(^|\/)shots\//],
  ['sources, scripts and benchmarks', /^extension\/(src|scripts|bench)\//],
  // The CLI is run from a checkout or npm (`bin`); the extension never loads it.
  ['the CLI bundle', /^extension\/dist\/cli\.js$/],
  ['dotfiles and editor settings', /(^|\/)\.(vscode|git|github|ci|env)(\/|$)|(^|\/)\.[^/]*(rc|ignore)$/],
];
/** Secret-looking strings; the sandbox's own fixed pair ("sandbox"/"sandbox") matches none of them. */
const SECRETS = [
  ['Velt live API key (ak_live_…)', /ak_live_[A-Za-z0-9]{4,}/],
  ['Velt test API key (ak_test_…)', /ak_test_[A-Za-z0-9]{4,}/],
  ['auth token (at_ + long token)', /\bat_[A-Za-z0-9]{20,}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['Slack token', /\bxox[abpors]-[A-Za-z0-9-]{10,}/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
];

function main() {
  if (!fs.existsSync(VSIX)) {
    check(false, `${path.relative(process.cwd(), VSIX) || VSIX} exists`, 'run `npm run package` first');
    return;
  }
  const buffer = fs.readFileSync(VSIX);
  const size = buffer.length;
  console.log(`${path.basename(VSIX)}: ${(size / 1024).toFixed(1)} KiB`);
  let entries;
  try {
    entries = readZip(buffer);
    check(
      true,
      `reads as a zip (${entries.length} entries, ${(entries.reduce((n, e) => n + e.size, 0) / 1024).toFixed(1)} KiB unpacked)`,
    );
  } catch (error) {
    check(false, 'reads as a zip', error.message);
    return;
  }
  const files = entries.filter((e) => !e.name.endsWith('/'));
  check(size <= MAX_BYTES, `size ${(size / 1024).toFixed(1)} KiB within ${(MAX_BYTES / 1024).toFixed(0)} KiB`);

  for (const [label, pattern] of REQUIRED)
    check(
      files.some((e) => pattern.test(e.name)),
      `holds ${label}`,
    );

  const extra = files.filter((e) => !ALLOWED.some((p) => p.test(e.name))).map((e) => e.name);
  check(extra.length === 0, 'holds only what runs (bundles, media, manifest, docs)', extra.slice(0, 20).join(', '));
  for (const [label, pattern] of FORBIDDEN) {
    const hits = files.filter((e) => pattern.test(e.name)).map((e) => e.name);
    check(hits.length === 0, `no ${label}`, hits.slice(0, 20).join(', '));
  }

  const texts = new Map();
  for (const entry of files) {
    try {
      texts.set(entry.name, contents(buffer, entry).toString('utf8'));
    } catch (error) {
      check(false, `unpacks ${entry.name}`, error.message);
    }
  }
  const bundles = [...texts].filter(([name]) => /^extension\/dist\/.+\.js$/.test(name));
  const mapped = bundles.filter(([, text]) => /[#@] sourceMappingURL=/.test(text)).map(([name]) => name);
  check(mapped.length === 0, 'bundles are production builds (no sourceMappingURL to a missing map)', mapped.join(', '));

  const manifestText = texts.get('extension/package.json');
  let manifest;
  try {
    manifest = JSON.parse(manifestText ?? '');
  } catch {
    manifest = undefined;
  }
  check(manifest !== undefined, 'extension/package.json parses');
  if (manifest) {
    const packed = (rel) => texts.has(`extension/${String(rel).replace(/^\.\//, '')}`);
    check(packed(manifest.main), `"main" (${manifest.main}) is packed`);
    if (manifest.icon) check(packed(manifest.icon), `"icon" (${manifest.icon}) is packed`);
    for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
      for (const step of walkthrough.steps ?? []) {
        const md = step.media?.markdown ?? step.media?.image;
        if (typeof md === 'string') check(packed(md), `walkthrough step "${step.id}" media (${md}) is packed`);
      }
    }
  }

  for (const [label, pattern] of SECRETS) {
    const hits = [...texts]
      .filter(([, text]) => pattern.test(text))
      .map(([name]) => `${name}: ${pattern.exec(texts.get(name))[0].slice(0, 8)}…`);
    check(hits.length === 0, `no ${label} in any packed file`, hits.join(', '));
  }
}

try {
  main();
} catch (error) {
  check(false, 'vsix check ran', error instanceof Error ? error.message : String(error));
}
console.log(`vsix check: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
