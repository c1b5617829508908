// The velt.sandbox.definitions setting's pure parts: which glob to search, and how the sandbox's
// per-file problems read in the log and in the one notification. vscode-free, so it is unit-tested.
import type { FileProblem } from '../sandbox/engine/loadDefinitions';

export type DefinitionPattern = { kind: 'off' } | { kind: 'glob'; glob: string } | { kind: 'invalid'; message: string };

/** The setting's value as a glob relative to a workspace folder; absolute paths and `..` would leave the folder. */
export function definitionPattern(raw: unknown): DefinitionPattern {
  if (typeof raw !== 'string' || raw.trim() === '') return { kind: 'off' };
  const glob = raw.trim().replace(/\\/g, '/');
  if (/^(\/|[a-zA-Z]:)/.test(glob) || glob.split('/').includes('..')) {
    return {
      kind: 'invalid',
      message: `velt.sandbox.definitions must be a glob inside the workspace folder (such as "workflows/*.json"), not "${glob.slice(0, 200)}"; no definition files were loaded.`,
    };
  }
  return { kind: 'glob', glob };
}

/** One log line per problem: `workflows/a.json $.nodes[1].config: too_small: …`. */
export function problemLines(problems: readonly FileProblem[], relative: (file: string) => string): string[] {
  return problems.map((p) => `${relative(p.file)} ${p.path}: ${p.code}: ${p.message}`);
}

/** The notification: how many problems in how many files, and what that means. */
export function problemSummary(problems: readonly FileProblem[]): string {
  const files = new Set(problems.map((p) => p.file)).size;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const where = files === 1 ? '1 sandbox definition file' : `${files} sandbox definition files`;
  return `${count} in ${where} (velt.sandbox.definitions): a file with problems is not loaded. The log lists each one with its place in the JSON.`;
}
