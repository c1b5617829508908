// Settings that choose hosts or run code-like input are read from the user (global) settings only: a
// folder's .vscode/settings.json must not redirect credentials or compile patterns. package.json marks
// them "scope": "application"; this is the second line, for VS Code versions and remote setups that still
// surface workspace values. vscode-free, so it is unit-tested.
import { DEFAULT_BASE_URL } from '../api';
import { DEFAULT_ENVIRONMENT, SANDBOX_ENVIRONMENT } from '../ids';

/** The layers of WorkspaceConfiguration.inspect() (only the user and default ones are ever used). */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  defaultLanguageValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

/** The user's value, else the default; never a workspace, folder or language-specific value. */
export function userOrDefault<T>(inspected: InspectedSetting<T> | undefined): T | undefined {
  return inspected?.globalValue !== undefined ? inspected.globalValue : inspected?.defaultValue;
}

export interface EnvironmentSetting {
  name: string;
  baseUrl: string;
}

/** `velt.environments`, cleaned: unnamed or duplicate entries and the reserved sandbox name dropped. */
export function parseEnvironments(raw: unknown): EnvironmentSetting[] {
  const list = Array.isArray(raw) ? raw : [];
  const seen = new Set<string>();
  const result: EnvironmentSetting[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, baseUrl } = item as Record<string, unknown>;
    if (typeof name !== 'string' || typeof baseUrl !== 'string') continue;
    const trimmed = name.trim();
    if (!trimmed || trimmed === SANDBOX_ENVIRONMENT || seen.has(trimmed)) continue;
    seen.add(trimmed);
    result.push({ name: trimmed, baseUrl: baseUrl.trim() });
  }
  return result.length > 0 ? result : [{ name: DEFAULT_ENVIRONMENT, baseUrl: DEFAULT_BASE_URL }];
}

/** `velt.activeEnvironment`: a non-empty name, else the default environment. */
export function parseActiveEnvironment(raw: unknown): string {
  return typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_ENVIRONMENT;
}
