// What the operator-action suites share: scripted answers for the dialogs (stubs of vscode.window that
// also record what each dialog said) and a contract-review run whose human-legal step waits.
import * as vscode from 'vscode';
import type { ExecutionView } from '../../src/api';
import type { InspectorTestApi } from '../../src/extension';
import { waitFor } from './helpers';

export interface Shown {
  api: string;
  text: string;
  detail?: string;
  items?: string[];
}

/** Scripted answers for the dialogs, in the order they come; records every dialog shown. */
export function answerDialogs(script: {
  quickPick?: (labels: string[]) => string[] | undefined;
  inputBox?: (options: vscode.InputBoxOptions) => string | undefined;
  warning?: (text: string) => string | undefined;
  error?: (text: string) => string | undefined;
}): { shown: Shown[]; restore: () => void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  const shown: Shown[] = [];
  const replace = (name: string, fn: unknown): void => {
    originals.set(name, win[name]);
    win[name] = fn;
  };
  replace('showQuickPick', (items: readonly vscode.QuickPickItem[]) => {
    const labels = items.map((i) => i.label);
    shown.push({ api: 'showQuickPick', text: '', items: labels });
    const chosen = script.quickPick?.(labels);
    return Promise.resolve(chosen && items.filter((i) => chosen.includes(i.label)));
  });
  replace('showInputBox', (options: vscode.InputBoxOptions) => {
    shown.push({ api: 'showInputBox', text: `${options.title ?? ''} ${options.prompt ?? ''}` });
    return Promise.resolve(script.inputBox ? script.inputBox(options) : (options.value ?? ''));
  });
  replace('showWarningMessage', (text: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
    shown.push({ api: 'showWarningMessage', text, detail: options?.detail });
    return Promise.resolve(script.warning?.(text));
  });
  for (const name of ['showInformationMessage', 'showErrorMessage'])
    replace(name, (text: string) => {
      shown.push({ api: name, text });
      return Promise.resolve(name === 'showErrorMessage' ? script.error?.(text) : undefined);
    });
  return {
    shown,
    restore: () => {
      for (const [name, original] of originals) win[name] = original;
    },
  };
}

/** Dispatches a contract-review run and waits until its human-legal step is waiting. */
export async function waitingReview(api: InspectorTestApi): Promise<{ executionId: string; stepId: string }> {
  const { executionId } = await api.api.dispatchExecution({ definitionId: 'contract-review' });
  const execution = await waitFor(
    'the human-legal step to wait',
    async () => {
      const view = await api.store.get(executionId, { force: true });
      return view.steps.some((s) => s.nodeId === 'human-legal' && s.status === 'waiting') && view;
    },
    60_000,
  );
  return { executionId, stepId: execution.steps.find((s) => s.nodeId === 'human-legal')!.stepId };
}

export const stepOf = (view: ExecutionView | undefined, nodeId: string) => view?.steps.find((s) => s.nodeId === nodeId);
