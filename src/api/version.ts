// The build stamps the package version in; unbundled runs (unit tests through tsx) say "dev".
declare const __VERSION__: string | undefined;

export const CLIENT_VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

export function userAgent(component: 'vscode' | 'cli', extra?: string): string {
  const base = `velt-workflow-inspector/${CLIENT_VERSION} (${component}; node ${process.versions.node})`;
  return extra ? `${base} ${extra}` : base;
}
