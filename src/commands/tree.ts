// Pins, refresh, copy and list-filter commands used by the tree views (and the palette where useful).
import * as vscode from 'vscode';
import {
  KNOWN_EXECUTION_STATUSES,
  isApiError,
  parseExecutionId,
  isTerminalStatus,
  type ListStatusFilter,
} from '../api';
import type { TreeNode } from '../tree/nodes';
import { Commands } from '../ids';
import { statusCodicon } from '../util/executionText';
import { isAwaitingApproval, runStatus, statusWord } from '../util/format';
import { inertLabel, inertMessage, MAX_DATA_LENGTH } from '../util/inertText';
import type { CommandDeps } from './deps';
import { ensureSignedIn, executionIdFromArg } from './openExecution';

type TreeCommandDeps = CommandDeps;

/** Node arguments come as tree nodes (single or multi-select) or as `{ executionId }` from links. */
function idsFromArgs(arg: unknown, selection: unknown): string[] {
  const list = Array.isArray(selection) && selection.length > 0 ? selection : [arg];
  return list.map((n) => executionIdFromArg(n)).filter((id): id is string => id !== undefined);
}

export function pinExecution(deps: TreeCommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    let executionId = executionIdFromArg(arg);
    if (executionId === undefined) {
      executionId = await vscode.window.showInputBox({
        title: 'Velt: Pin Execution',
        prompt: 'The execution ID to keep in the Pinned Executions view',
        placeHolder: 'exec_1777374504255_xzy43k9q',
        ignoreFocusOut: true,
        validateInput: (text) => {
          const parsed = parseExecutionId(text);
          return text.trim() && !parsed.ok ? parsed.reason : undefined;
        },
      });
      if (!executionId) return false;
    }
    const parsed = parseExecutionId(executionId);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(parsed.reason);
      return false;
    }
    if (!(await ensureSignedIn(deps))) return false;
    if (!(await confirmIfMissing(deps, parsed.executionId, arg))) return false;
    const added = await deps.pins.pin(deps.environments.active.name, parsed.executionId);
    deps.watcher.burst(parsed.executionId);
    if (!added) void vscode.window.showInformationMessage(`${parsed.executionId} is already pinned.`);
    return added;
  };
}

/**
 * Pinning an id the API says does not exist asks first (a typo would otherwise sit in the view as "not
 * found"); `pinIfMissing: true` in the argument skips the question. Other lookup failures do not block.
 */
async function confirmIfMissing(deps: TreeCommandDeps, executionId: string, arg: unknown): Promise<boolean> {
  const environment = deps.environments.active.name;
  if (deps.pins.isPinned(environment, executionId)) return true;
  try {
    await deps.store.get(executionId);
    return true;
  } catch (error) {
    if (!isApiError(error) || error.kind !== 'notFound') return true;
    if (typeof arg === 'object' && arg !== null && (arg as { pinIfMissing?: unknown }).pinIfMissing === true)
      return true;
    const choice = await vscode.window.showWarningMessage(
      `${inertMessage(executionId, 80)} does not exist in ${inertMessage(environment, 60)}. Pin it anyway, to watch for it?`,
      'Pin Anyway',
    );
    return choice === 'Pin Anyway';
  }
}

export function unpinExecution(deps: TreeCommandDeps) {
  return async (arg?: unknown, selection?: unknown): Promise<number> => {
    const env = deps.environments.active.name;
    let ids = idsFromArgs(arg, selection);
    if (ids.length === 0) {
      const pinned = deps.pins.list(env);
      if (pinned.length === 0) {
        void vscode.window.showInformationMessage('No executions are pinned in this environment.');
        return 0;
      }
      const picks = await vscode.window.showQuickPick(
        pinned.map((id) => ({
          label: inertLabel(deps.store.peek(id)?.definitionId ?? id),
          description: inertLabel(id),
          id,
        })),
        { title: 'Velt: Unpin Execution', canPickMany: true },
      );
      ids = (picks ?? []).map((p) => p.id);
    }
    let removed = 0;
    for (const id of ids) if (await deps.pins.unpin(env, id)) removed++;
    return removed;
  };
}

export function refreshExecution(deps: TreeCommandDeps) {
  return (arg?: unknown): void => {
    const id = executionIdFromArg(arg);
    if (id) {
      deps.watcher.refresh(id);
      // Deliberate: the watcher's refresh above shows a failure on the execution's row.
      void deps.store.get(id, { force: true }).catch(() => undefined);
    } else {
      deps.watcher.refresh();
    }
  };
}

function copier(
  pick: (deps: TreeCommandDeps, arg: unknown) => string | undefined,
  what: string,
  deps: TreeCommandDeps,
) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const value = pick(deps, arg);
    if (!value) {
      void vscode.window.showWarningMessage(`There is no ${what} to copy here.`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(value);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${what}: ${inertLabel(value)}`, 3000);
    return value;
  };
}

export const copyExecutionId = (deps: TreeCommandDeps) =>
  copier((_, arg) => executionIdFromArg(arg), 'execution ID', deps);
export const copyCorrelationId = (deps: TreeCommandDeps) =>
  copier(
    (d, arg) => {
      const id = executionIdFromArg(arg);
      return id ? (d.store.peek(id)?.correlationId ?? undefined) : undefined;
    },
    'correlation ID',
    deps,
  );
export const copyStepId = (deps: TreeCommandDeps) =>
  copier(
    (_, arg) => {
      const node = arg as TreeNode | undefined;
      return node && typeof node === 'object' && 'stepId' in node && typeof node.stepId === 'string'
        ? node.stepId
        : undefined;
    },
    'step ID',
    deps,
  );

export function filterExecutions(deps: TreeCommandDeps) {
  return async (filter?: { definitionId?: string; status?: ListStatusFilter }): Promise<void> => {
    if (filter) {
      await deps.trees.recent.setFilter(filter);
    } else {
      const current = deps.trees.recent.filter;
      const definitionId = await pickDefinition(deps, current.definitionId);
      if (definitionId === undefined) return;
      const status = await vscode.window.showQuickPick(
        [
          { label: 'Any status', value: undefined },
          ...KNOWN_EXECUTION_STATUSES.map((s) => ({ label: statusWord(s), value: s as ListStatusFilter })),
        ],
        { title: 'Filter Executions (2/2): status' },
      );
      if (!status) return;
      await deps.trees.recent.setFilter({
        ...(definitionId.trim() ? { definitionId: definitionId.trim() } : {}),
        ...(status.value ? { status: status.value } : {}),
      });
    }
    deps.trees.recentView.description = deps.trees.recent.description;
  };
}

/**
 * The definition to filter by: the definitions seen in the list and the pins, or any id typed in;
 * '' for all, undefined when dismissed.
 */
async function pickDefinition(deps: TreeCommandDeps, current: string | undefined): Promise<string | undefined> {
  const seen = new Set(deps.trees.recent.seenDefinitions);
  for (const id of deps.pins.list(deps.environments.active.name)) {
    const definitionId = deps.store.peek(id)?.definitionId;
    if (definitionId) seen.add(definitionId);
  }
  type Item = vscode.QuickPickItem & { value: string };
  const fixed: Item[] = [
    { label: 'All definitions', value: '' },
    ...[...seen].sort().map((d) => ({ label: inertLabel(d), value: d, picked: d === current })),
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Filter Executions (1/2): definition';
  pick.placeholder = 'Pick a definition seen in the views, or type a definition ID';
  pick.ignoreFocusOut = true;
  pick.items = fixed;
  const update = (): void => {
    const typed = pick.value.trim();
    pick.items =
      typed && !seen.has(typed)
        ? [{ label: inertLabel(typed), description: 'definition ID', value: typed, alwaysShow: true }, ...fixed]
        : fixed;
  };
  return new Promise((resolve) => {
    let chosen: string | undefined;
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.value;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

export function showRunning(deps: TreeCommandDeps) {
  return async (): Promise<void> => {
    const env = deps.environments.active.name;
    const items = deps.pins
      .list(env)
      .map((id) => ({ id, execution: deps.store.peek(id) }))
      .filter(({ execution }) => execution && !isTerminalStatus(execution.status))
      .map(({ id, execution }) => {
        const status = runStatus(execution!);
        const waitingAt = execution!.steps.filter(isAwaitingApproval).map((s) => s.nodeId);
        return {
          label: `$(${statusCodicon(status)}) ${inertLabel(execution!.definitionId)}`,
          description: inertLabel(id),
          detail: inertLabel(
            [statusWord(status), ...(waitingAt.length > 0 ? [`at ${waitingAt.join(', ')}`] : [])].join(' '),
            MAX_DATA_LENGTH,
          ),
          id,
        };
      });
    if (items.length === 0) {
      await vscode.commands.executeCommand(Commands.selectEnvironment);
      return;
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: `Running pinned executions — ${inertLabel(env, 60)}`,
    });
    if (pick) await vscode.commands.executeCommand(Commands.openExecution, { executionId: pick.id });
  };
}
