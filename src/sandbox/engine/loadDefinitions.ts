// --definitions <dir> (or a list of files, --definition-file / the extension's setting): loads every
// *.json file (the body of definitions/create) into the engine,
// validated exactly as the API validates (strict schema, compile, linter). Problems are reported
// per file with a path into the JSON; one bad file never stops the others.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFINITION_FIELDS } from './definitionSchema';
import { definitionInput } from './definitionsApi';
import type { Engine } from './engine';
import { obj, type Issue } from './schema';

export interface FileProblem {
  file: string;
  path: string;
  code: string;
  message: string;
}

const MAX_FILES = 200;
const MAX_FILE_BYTES = 1024 * 1024;

/** `$.nodes[2].config` style, for messages people read. */
export function jsonPath(parts: readonly (string | number)[]): string {
  return parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${part}`), '$');
}

export function loadDefinitionsDir(engine: Engine, dir: string): { loaded: string[]; problems: FileProblem[] } {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    return {
      loaded: [],
      problems: [
        { file: dir, path: '$', code: 'unreadable', message: `Cannot read the folder: ${(error as Error).message}` },
      ],
    };
  }
  return loadDefinitionFiles(
    engine,
    names.map((name) => path.join(dir, name)),
    dir,
  );
}

/** Loads the given files in order; `listedAs` names the source in a too-many-files problem. */
export function loadDefinitionFiles(
  engine: Engine,
  files: readonly string[],
  listedAs = 'definition files',
): { loaded: string[]; problems: FileProblem[] } {
  const loaded: string[] = [];
  const problems: FileProblem[] = [];
  if (files.length > MAX_FILES) {
    problems.push({
      file: listedAs,
      path: '$',
      code: 'too-many-files',
      message: `Only the first ${MAX_FILES} of ${files.length} .json files are loaded`,
    });
    files = files.slice(0, MAX_FILES);
  }
  for (const file of files) {
    const report = (code: string, message: string, at: readonly (string | number)[] = []): void => {
      problems.push({ file, path: jsonPath(at), code, message });
    };
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) {
        report('too-large', `Larger than ${MAX_FILE_BYTES} bytes`);
        continue;
      }
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      report('unreadable', (error as Error).message);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      report('invalid-json', (error as Error).message);
      continue;
    }
    const issues: Issue[] = [];
    const checked = obj(DEFINITION_FIELDS)(value, [], issues);
    if (issues.length > 0 || !checked) {
      for (const issue of issues) report(issue.code, issue.message, issue.path);
      continue;
    }
    const created = engine.definitions.create(definitionInput(checked));
    if (created.ok) loaded.push(created.value.input.definitionId);
    else if (created.problems) for (const p of created.problems) report(p.code, p.message, p.path);
    else report(created.status === 'ALREADY_EXISTS' ? 'already-exists' : 'invalid', created.message);
  }
  return { loaded, problems };
}
