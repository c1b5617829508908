// Checks the dependency rules of the architecture by scanning the import lines of src/**/*.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(__dirname, '../..');
const src = path.join(root, 'src');

interface ImportLine {
  file: string;
  target: string;
  typeOnly: boolean;
  resolved: string | undefined;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): ImportLine[] {
  const text = fs.readFileSync(file, 'utf8');
  const result: ImportLine[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) {
    const target = match[3]!;
    const resolved = target.startsWith('.') ? path.relative(src, path.resolve(path.dirname(file), target)) : undefined;
    result.push({ file: path.relative(src, file), target, typeOnly: Boolean(match[2]), resolved });
  }
  for (const match of text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    result.push({ file: path.relative(src, file), target: match[1]!, typeOnly: false, resolved: undefined });
  }
  return result;
}

const files = walk(src);
const all = files.flatMap(importsOf);
const folderOf = (relative: string): string =>
  relative.includes(path.sep) ? relative.split(path.sep)[0]! : relative.replace(/\.ts$/, '');
const isBuiltin = (target: string): boolean => target.startsWith('node:') || builtinModules.includes(target);
const FEATURES = ['tree', 'panel', 'hover', 'documents', 'status', 'links', 'deliveries'];
const PLATFORM = ['auth', 'state', 'actions', 'config', 'log', 'ids', 'util', 'sandboxHost', 'webhooks'];

/** The shared words-and-numbers module: imported by the webview bundle and the CLI too, so it imports nothing. */
const FORMAT = path.join('util', 'format');
/** Pure modules the webview bundle and the CLI share with the rest (one helper per job): they import only each other. */
const SHARED_PURE = [FORMAT, path.join('util', 'eventSummary'), path.join('util', 'visibleText')];
/** util modules that import vscode: the vscode-free layers (webhooks, CLI) must not reach them. */
const VSCODE_UTIL = fs
  .readdirSync(path.join(src, 'util'))
  .filter((f) => f.endsWith('.ts') && /from 'vscode'/.test(fs.readFileSync(path.join(src, 'util', f), 'utf8')))
  .map((f) => path.join('util', f.replace(/\.ts$/, '')));

const byFile = new Map(files.map((file) => [path.relative(src, file), importsOf(file)]));

/** The module file a resolved import names (`x` → `x.ts` or `x/index.ts`), relative to src. */
function moduleFile(resolved: string): string {
  const candidates = [`${resolved}.ts`, path.join(resolved, 'index.ts'), resolved];
  const found = candidates.find((c) => byFile.has(c));
  if (!found) throw new Error(`cannot resolve ${resolved}`);
  return found;
}

/** Every source file the bundle of `entry` evaluates: value imports followed transitively (type-only ones are erased). */
function valueGraphFrom(entry: string): Set<string> {
  const reached = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    for (const l of byFile.get(file)!)
      if (!l.typeOnly && l.resolved !== undefined) pending.push(moduleFile(l.resolved));
  }
  return reached;
}

function violations(predicate: (line: ImportLine) => boolean): string[] {
  return all.filter(predicate).map((l) => `${l.file} imports ${l.target}`);
}

describe('layering rules', () => {
  it('finds the source files it checks', () => {
    assert.ok(files.length >= 10, `only ${files.length} files under src`);
    assert.ok(
      all.some((l) => l.target === 'vscode'),
      'the scan sees vscode imports',
    );
  });

  it('src/api imports only undici, zod and itself, never vscode', () => {
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) === 'api' &&
          !(
            l.target === 'undici' ||
            l.target.startsWith('undici/lib/') ||
            l.target === 'zod' ||
            (l.resolved !== undefined && folderOf(l.resolved) === 'api')
          ),
      ),
      [],
    );
  });

  it("only src/api/undiciAgent.ts imports undici; zod stays in src/api and the panel's host-side protocol schemas", () => {
    assert.deepEqual(
      violations(
        (l) =>
          (l.target === 'undici' || l.target.startsWith('undici/')) &&
          l.file !== path.join('api', 'undiciAgent.ts') &&
          l.file !== path.join('api', 'undiciInternals.d.ts'), // the types of the files undiciAgent.ts requires
      ),
      [],
    );
    assert.deepEqual(
      violations(
        (l) => l.target === 'zod' && folderOf(l.file) !== 'api' && l.file !== path.join('panel', 'protocolSchemas.ts'),
      ),
      [],
    );
  });

  it('the sandbox and the CLI are vscode-free: the CLI uses src/api, src/webhooks and vscode-free src/util', () => {
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) === 'sandbox' &&
          !isBuiltin(l.target) &&
          !(
            l.resolved !== undefined &&
            (folderOf(l.resolved) === 'sandbox' || (folderOf(l.resolved) === 'api' && l.typeOnly))
          ),
      ),
      [],
    );
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) === 'cli' &&
          !isBuiltin(l.target) &&
          !(
            l.resolved !== undefined &&
            (['cli', 'api', 'webhooks'].includes(folderOf(l.resolved)) ||
              (folderOf(l.resolved) === 'util' && !VSCODE_UTIL.includes(l.resolved)))
          ),
      ),
      [],
    );
  });

  it('src/webhooks is vscode-free and imports only src/api, vscode-free src/util and Node built-ins (the CLI bundles it)', () => {
    assert.ok(
      all.some((l) => folderOf(l.file) === 'webhooks'),
      'the scan sees src/webhooks',
    );
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) === 'webhooks' &&
          !isBuiltin(l.target) &&
          !(
            l.resolved !== undefined &&
            (['webhooks', 'api'].includes(folderOf(l.resolved)) ||
              (folderOf(l.resolved) === 'util' && !VSCODE_UTIL.includes(l.resolved)))
          ),
      ),
      [],
    );
  });

  it('util/format imports nothing (no vscode, no Node, no package), so every surface can share it', () => {
    const own = byFile.get(`${FORMAT}.ts`);
    assert.ok(own, 'src/util/format.ts exists');
    assert.deepEqual(
      own.map((l) => l.target),
      [],
    );
    assert.ok(
      valueGraphFrom(path.join('webview', 'main.ts')).has(`${FORMAT}.ts`),
      'the webview uses the shared formats',
    );
  });

  it('the shared pure modules (event summaries, visible text) import only each other', () => {
    for (const shared of SHARED_PURE.slice(1)) {
      const own = byFile.get(`${shared}.ts`);
      assert.ok(own, `src/${shared}.ts exists`);
      assert.deepEqual(
        own.filter((l) => l.resolved === undefined || !SHARED_PURE.includes(l.resolved)).map((l) => l.target),
        [],
        shared,
      );
    }
  });

  it('the sandbox host reaches the sandbox only through its process: type-only imports of src/sandbox', () => {
    assert.ok(
      all.some(
        (l) => folderOf(l.file) === 'sandboxHost' && l.resolved !== undefined && folderOf(l.resolved) === 'sandbox',
      ),
      'the scan sees the host use the sandbox types',
    );
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) !== 'sandbox' &&
          l.resolved !== undefined &&
          folderOf(l.resolved) === 'sandbox' &&
          !l.typeOnly,
      ),
      [],
    );
  });

  it('the webview bundle imports only itself, the shared protocol and util/format', () => {
    assert.deepEqual(
      violations(
        (l) =>
          folderOf(l.file) === 'webview' &&
          !(
            l.resolved !== undefined &&
            (folderOf(l.resolved) === 'webview' ||
              l.resolved === path.join('panel', 'protocol') ||
              SHARED_PURE.includes(l.resolved) ||
              (folderOf(l.resolved) === 'api' && l.typeOnly))
          ),
      ),
      [],
    );
  });

  it('the webview bundle pulls in no package (no zod): its import graph, followed through every module it reaches', () => {
    const reached = valueGraphFrom(path.join('webview', 'main.ts'));
    assert.ok(
      reached.has(path.join('panel', 'protocol.ts')) && reached.has(path.join('webview', 'app.ts')),
      'the scan follows the graph',
    );
    const packages = [...reached].flatMap((file) =>
      byFile
        .get(file)!
        .filter((l) => !l.typeOnly && l.resolved === undefined)
        .map((l) => `${file} imports ${l.target}`),
    );
    assert.deepEqual(packages, []);
  });

  it('features never import each other, commands or the composition root', () => {
    assert.deepEqual(
      violations(
        (l) =>
          FEATURES.includes(folderOf(l.file)) &&
          l.resolved !== undefined &&
          ((FEATURES.includes(folderOf(l.resolved)) && folderOf(l.resolved) !== folderOf(l.file)) ||
            ['commands', 'extension'].includes(folderOf(l.resolved))),
      ),
      [],
    );
  });

  it('the platform layer never imports features, commands or the composition root', () => {
    assert.deepEqual(
      violations(
        (l) =>
          PLATFORM.includes(folderOf(l.file)) &&
          l.resolved !== undefined &&
          [...FEATURES, 'commands', 'extension', 'webview', 'cli'].includes(folderOf(l.resolved)),
      ),
      [],
    );
  });

  it('activation reaches the lazily required bundles only through their loaders (type-only imports)', () => {
    // Each entry is its own bundle in esbuild.mjs, required on first use: commands, panels, requests, layout,
    // forwarding.
    const lazy = [
      path.join('commands', 'index.ts'),
      path.join('panel', 'index.ts'),
      path.join('panel', 'panels.ts'),
      path.join('panel', 'executionPanel.ts'),
      path.join('panel', 'definitionGraphPanels.ts'),
      path.join('api', 'request.ts'),
      path.join('panel', 'graph', 'layout.ts'),
      path.join('webhooks', 'index.ts'),
      path.join('webhooks', 'forwarder.ts'),
    ];
    const reached = valueGraphFrom('extension.ts');
    assert.ok(
      reached.has(path.join('panel', 'lazyPanels.ts')) && reached.has(path.join('commands', 'register.ts')),
      'the scan follows the activation graph',
    );
    assert.deepEqual(
      lazy.filter((file) => reached.has(file)),
      [],
    );
  });

  it('nothing imports extension.ts', () => {
    assert.deepEqual(
      violations((l) => l.resolved === 'extension'),
      [],
    );
  });
});
