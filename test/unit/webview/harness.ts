// Loads dist/webview.js on its own in headless Chromium, from a page that mimics the panel's HTML (same
// CSP shape, the lazy Graph and Timeline bundles named on the script tag like src/panel/html.ts does, a
// stub acquireVsCodeApi recording what the webview posts, theme variables for dark or light). Used by
// dom.test.ts and bench/panel.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** The repository root (found from this file, or from the working directory when loaded through tsx's ESM API). */
export const ROOT =
  [path.resolve(__dirname, '../../..'), process.cwd()].find((dir) => fs.existsSync(path.join(dir, 'esbuild.mjs'))) ??
  process.cwd();
export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ORIGIN = 'http://panel.test';
const NONCE = 'bm9uY2UtZm9yLXRlc3Rz';

/** The panel's script and the bundles it loads when the Graph or Timeline tab is first shown (esbuild.mjs names). */
const WEBVIEW_BUNDLES = ['webview', 'webviewGraph', 'webviewTimeline'];

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM) && WEBVIEW_BUNDLES.every((b) => fs.existsSync(path.join(ROOT, `dist/${b}.js`)));
}

/**
 * Builds dist/webview.js and the lazy tabs' bundles from the current sources (esbuild.mjs, the one build configuration) and checks
 * that Chromium is there; throws with what to do instead of letting the DOM tests skip silently.
 */
export function prepareWebviewTests(): void {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`The webview DOM tests need Chromium at ${CHROMIUM} (or set CHROMIUM=/path/to/chromium).`);
  const build = spawnSync(process.execPath, ['esbuild.mjs', `--only=${WEBVIEW_BUNDLES.join(',')}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (build.status !== 0)
    throw new Error(
      `Building dist/webview.js failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stderr}${build.stdout}`,
    );
}

/**
 * Registers the mocha hooks of a suite that runs in one headless Chromium (launched once, closed at the end)
 * and returns the browser, which exists from the suite's `before` on.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(180_000);
    prepareWebviewTests();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A representative subset of the variables VS Code injects into webviews. */
const THEMES = {
  dark: {
    'editor-background': '#1f1f1f',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'panel-border': '#2b2b2b',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
    'editor-font-size': '13px',
    'button-background': '#0078d4',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'input-background': '#313131',
    'input-foreground': '#cccccc',
    'input-border': '#3c3c3c',
    focusBorder: '#0078d4',
    'dropdown-background': '#313131',
    'dropdown-foreground': '#cccccc',
    'dropdown-border': '#3c3c3c',
    'list-hoverBackground': '#2a2d2e',
    'list-activeSelectionBackground': '#04395e',
    'list-activeSelectionForeground': '#ffffff',
    'list-inactiveSelectionBackground': '#37373d',
    errorForeground: '#f85149',
    'testing-iconPassed': '#73c991',
    'testing-iconFailed': '#f14c4c',
    'editorWarning-foreground': '#cca700',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-purple': '#b180d7',
    'charts-orange': '#d18616',
    'badge-background': '#616161',
    'badge-foreground': '#f8f8f8',
    'sideBar-background': '#181818',
    'textCodeBlock-background': '#2b2b2b',
    'debugTokenExpression-name': '#c586c0',
    'debugTokenExpression-string': '#ce9178',
    'debugTokenExpression-number': '#b5cea8',
    'debugTokenExpression-boolean': '#4e94ce',
    'debugTokenExpression-value': '#cccccc99',
    'editorWidget-background': '#202020',
    'inputValidation-errorBackground': '#5a1d1d',
    'inputValidation-warningBackground': '#352a05',
    'inputValidation-warningBorder': '#b89500',
  },
  light: {
    'editor-background': '#ffffff',
    foreground: '#3b3b3b',
    descriptionForeground: '#717171',
    'panel-border': '#e5e5e5',
    'font-family': 'system-ui, sans-serif',
    'font-size': '13px',
    'editor-font-family': 'monospace',
    'editor-font-size': '13px',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'input-background': '#ffffff',
    'input-foreground': '#3b3b3b',
    'input-border': '#cecece',
    focusBorder: '#005fb8',
    'dropdown-background': '#ffffff',
    'dropdown-foreground': '#3b3b3b',
    'dropdown-border': '#cecece',
    'list-hoverBackground': '#f2f2f2',
    'list-activeSelectionBackground': '#e8e8e8',
    'list-activeSelectionForeground': '#000000',
    'list-inactiveSelectionBackground': '#e4e6f1',
    errorForeground: '#f85149',
    'testing-iconPassed': '#388a34',
    'testing-iconFailed': '#f14c4c',
    'editorWarning-foreground': '#bf8803',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-purple': '#652d90',
    'charts-orange': '#d18616',
    'badge-background': '#cccccc',
    'badge-foreground': '#3b3b3b',
    'sideBar-background': '#f8f8f8',
    'textCodeBlock-background': '#f2f2f2',
    'debugTokenExpression-name': '#9b46b0',
    'debugTokenExpression-string': '#a31515',
    'debugTokenExpression-number': '#098658',
    'debugTokenExpression-boolean': '#0000ff',
    'debugTokenExpression-value': '#6c6c6ccc',
    'editorWidget-background': '#f8f8f8',
    'inputValidation-errorBackground': '#f2dede',
    'inputValidation-warningBackground': '#f6f5d2',
    'inputValidation-warningBorder': '#b89500',
  },
} as const;

/** What the harness page defines (the root tsconfig has no DOM types). */
export interface PageGlobals {
  __send(message: unknown): void;
  __posted: Record<string, unknown>[];
  __violations: string[];
  __state: unknown;
  __veltPwned?: unknown;
  requestAnimationFrame(callback: (time: number) => void): number;
  document: { querySelector(selector: string): unknown };
}

export interface PanelPageOptions {
  theme?: keyof typeof THEMES;
  width?: number;
  height?: number;
  /** Without the CSP, anything inserted as HTML would run: proves text-only insertion on its own. */
  csp?: boolean;
  state?: unknown;
  /** Serve only dist/webview.js: the Graph and Timeline bundles answer 404 (a broken install). */
  missingBundles?: boolean;
}

export interface PanelPage {
  page: Page;
  /** Delivers host → webview messages (as window message events). */
  send(...messages: unknown[]): Promise<void>;
  /** What the webview posted to the host so far. */
  posted(): Promise<Record<string, unknown>[]>;
  /**
   * Waits until the next two animation frames have run (renders are rAF-batched), after any lazy tab bundle
   * being loaded (aria-busy on its view) has arrived.
   */
  frames(): Promise<void>;
  violations(): Promise<string[]>;
}

export async function openPanelPage(browser: Browser, options: PanelPageOptions = {}): Promise<PanelPage> {
  const theme = THEMES[options.theme ?? 'dark'];
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 760 } });
  const vars = Object.entries(theme)
    .map(([k, v]) => `--vscode-${k}: ${v};`)
    .join(' ');
  const csp =
    options.csp === false
      ? ''
      : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${ORIGIN}; font-src ${ORIGIN}; img-src ${ORIGIN}; script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'">`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">${csp}
<link rel="stylesheet" href="${ORIGIN}/theme.css"><link rel="stylesheet" href="${ORIGIN}/panel.css"></head>
<body><main id="app" class="app"></main>
<script nonce="${NONCE}">
window.__posted = []; window.__violations = []; window.__state = ${JSON.stringify(options.state ?? null)} ?? undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });
window.__send = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
</script>
<script nonce="${NONCE}" src="${ORIGIN}/webview.js" data-graph="${ORIGIN}/webviewGraph.js" data-timeline="${ORIGIN}/webviewTimeline.js"></script></body></html>`;
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/index.html': { body: html, type: 'text/html' },
    '/theme.css': { body: `:root { ${vars} }`, type: 'text/css' },
    '/panel.css': { body: fs.readFileSync(path.join(ROOT, 'media/panel.css')), type: 'text/css' },
  };
  for (const bundle of options.missingBundles ? ['webview'] : WEBVIEW_BUNDLES)
    files[`/${bundle}.js`] = { body: fs.readFileSync(path.join(ROOT, `dist/${bundle}.js`)), type: 'text/javascript' };
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file
      ? route.fulfill({ status: 200, contentType: file.type, body: file.body })
      : route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  // No named functions inside page.evaluate: tsx's transform would wrap them in a helper the page lacks.
  const frame = (then: 'busy' | 'done') =>
    page.evaluate(
      (then) =>
        new Promise<boolean>((r) => {
          const w = globalThis as unknown as PageGlobals;
          w.requestAnimationFrame(() =>
            r(then === 'busy' && w.document.querySelector('.view[aria-busy="true"]') !== null),
          );
        }),
      then,
    );
  const frames = async () => {
    // The render that starts loading a lazy bundle runs in the first frame; the bundle arrives a few ms later.
    if (await frame('busy')) {
      await page.waitForFunction(
        () => (globalThis as unknown as PageGlobals).document.querySelector('.view[aria-busy="true"]') === null,
      );
      await frame('done');
    }
    await frame('done');
  };
  return {
    page,
    send: async (...messages) => {
      // A JSON string crosses CDP much faster than a structured argument (like postMessage's own JSON).
      await page.evaluate((json) => {
        for (const m of JSON.parse(json) as unknown[]) (globalThis as unknown as PageGlobals).__send(m);
      }, JSON.stringify(messages));
    },
    posted: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted),
    frames,
    violations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__violations),
  };
}
