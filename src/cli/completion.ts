// `velt-executions completion bash|zsh|fish`: shell completion generated from the same FLAGS table the
// parser uses, so a new flag is completed without editing a script. Definition ids come from the cache the
// last `definitions list` wrote (only ids that are plain [a-z0-9-] words are ever written, so nothing in
// the file can be expanded by a shell).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFINITION_ID_PATTERN, KNOWN_EXECUTION_STATUSES, RESOLVE_ACTIONS } from '../api';
import { COMMANDS, FLAGS, PROGRAM, SHELLS, type CommandName, type Shell } from './args';
import { DEFINITIONS_CACHE } from './userDirs';

/** Fixed values of a flag, completed after it. */
const FLAG_VALUES: Readonly<Record<string, readonly string[]>> = {
  '--status': KNOWN_EXECUTION_STATUSES,
  '--action': RESOLVE_ACTIONS,
};
/** Flags whose value is a file. */
const FILE_FLAGS = ['--input-file', '--ledger'];
/** The first positional of these commands (and `definitions get`) is a definition id. */
const DEFINITION_FIRST: readonly CommandName[] = ['dispatch'];

const flagsOf = (command: CommandName): string[] => Object.keys(FLAGS[command]);
const valueFlags = (): string[] =>
  [
    ...new Set(
      COMMANDS.flatMap((c) =>
        Object.entries(FLAGS[c])
          .filter(([, k]) => k !== 'boolean')
          .map(([f]) => f),
      ),
    ),
  ].sort();

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# ${PROGRAM} completion for bash. Load it with:  source <(${PROGRAM} completion bash)\n${bashFunction()}complete -F _velt_executions ${PROGRAM}\n`;
    case 'zsh':
      // zsh runs the bash function through bashcompinit (part of zsh), so both shells complete the same words.
      return `# ${PROGRAM} completion for zsh. Load it with:  source <(${PROGRAM} completion zsh)\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n${bashFunction()}complete -F _velt_executions ${PROGRAM}\n`;
    case 'fish':
      return fishScript();
  }
}

function bashFunction(): string {
  const perCommand = COMMANDS.map((c) => `    ${c}) flags="${flagsOf(c).join(' ')}" ;;`).join('\n');
  const valueCases = Object.entries(FLAG_VALUES)
    .map(([flag, values]) => `    ${flag}) COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur")); return ;;`)
    .join('\n');
  return `_velt_executions_definitions() {
  local file="\${XDG_CACHE_HOME:-$HOME/.cache}/velt/${DEFINITIONS_CACHE}"
  [ -r "$file" ] && cat "$file"
}
_velt_executions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}" flags=""
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')} completion help --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
${valueCases}
    --definition) COMPREPLY=($(compgen -W "$(_velt_executions_definitions)" -- "$cur")); return ;;
    ${FILE_FLAGS.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${valueFlags().join('|')}) return ;;
  esac
  case "$cmd" in
${perCommand}
    help) COMPREPLY=($(compgen -W "${COMMANDS.join(' ')}" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
  elif [ "$cmd" = definitions ] && [ "$COMP_CWORD" -eq 2 ]; then
    COMPREPLY=($(compgen -W "list get" -- "$cur"))
  elif { [ "$cmd" = definitions ] && [ "\${COMP_WORDS[2]}" = get ] && [ "$COMP_CWORD" -eq 3 ]; } ||
    { [[ " ${DEFINITION_FIRST.join(' ')} " == *" $cmd "* ]] && [ "$COMP_CWORD" -eq 2 ]; }; then
    COMPREPLY=($(compgen -W "$(_velt_executions_definitions)" -- "$cur"))
  fi
}
`;
}

function fishScript(): string {
  const c = `complete -c ${PROGRAM}`;
  const definitions = `(cat (set -q XDG_CACHE_HOME; and echo $XDG_CACHE_HOME; or echo $HOME/.cache)/velt/${DEFINITIONS_CACHE} 2>/dev/null)`;
  const lines = [
    `# ${PROGRAM} completion for fish. Load it with:  ${PROGRAM} completion fish | source`,
    `${c} -f`,
    `${c} -n __fish_use_subcommand -a "${COMMANDS.join(' ')} completion help"`,
    `${c} -n __fish_use_subcommand -l help -l version`,
    `${c} -n "__fish_seen_subcommand_from help" -a "${COMMANDS.join(' ')}"`,
    `${c} -n "__fish_seen_subcommand_from completion" -a "${SHELLS.join(' ')}"`,
    `${c} -n "__fish_seen_subcommand_from definitions; and not __fish_seen_subcommand_from list get" -a "list get"`,
    `${c} -n "__fish_seen_subcommand_from get; and __fish_seen_subcommand_from definitions" -a "${definitions}"`,
    `${c} -n "__fish_seen_subcommand_from ${DEFINITION_FIRST.join(' ')}" -a "${definitions}"`,
  ];
  for (const command of COMMANDS) {
    for (const [flag, kind] of Object.entries(FLAGS[command])) {
      const name = flag.slice(2);
      const when = `-n "__fish_seen_subcommand_from ${command}"`;
      if (kind === 'boolean') lines.push(`${c} ${when} -l ${name}`);
      else if (FLAG_VALUES[flag]) lines.push(`${c} ${when} -l ${name} -xa "${FLAG_VALUES[flag].join(' ')}"`);
      else if (flag === '--definition') lines.push(`${c} ${when} -l ${name} -xa "${definitions}"`);
      else if (FILE_FLAGS.includes(flag)) lines.push(`${c} ${when} -l ${name} -rF`);
      else lines.push(`${c} ${when} -l ${name} -x`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Remembers the ids `definitions list` printed, for completion. Best effort: a cache that cannot be written
 * is not worth failing a command for. Only ids of the API's documented shape are kept (no shell syntax).
 */
export async function rememberDefinitionIds(dir: string | undefined, ids: readonly string[]): Promise<void> {
  if (dir === undefined) return;
  const safe = ids.filter((id) => DEFINITION_ID_PATTERN.test(id));
  try {
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, DEFINITIONS_CACHE);
    await fs.writeFile(`${file}.tmp`, safe.length > 0 ? `${safe.join('\n')}\n` : '');
    await fs.rename(`${file}.tmp`, file);
  } catch {
    // A read-only home or a full disk: completion just offers no ids.
  }
}
