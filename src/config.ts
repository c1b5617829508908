// Typed access to the `velt.*` settings; values are read on use so changes apply without re-wiring.
import * as vscode from 'vscode';
import { CONFIG_SECTION, DEFAULT_ENVIRONMENT, SANDBOX_ENVIRONMENT, Settings } from './ids';
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, clampPageSize } from './api';

export interface EnvironmentSetting {
  name: string;
  baseUrl: string;
}

export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  /** Configured environments, cleaned: unnamed or duplicate entries and the reserved sandbox name dropped. */
  get environments(): EnvironmentSetting[] {
    const raw = this.section.get<unknown>(Settings.environments);
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

  get activeEnvironment(): string {
    return this.section.get<string>(Settings.activeEnvironment) || DEFAULT_ENVIRONMENT;
  }

  setActiveEnvironment(name: string): Thenable<void> {
    return this.section.update(Settings.activeEnvironment, name, vscode.ConfigurationTarget.Global);
  }

  get requestTimeoutMs(): number {
    const value = this.section.get<number>(Settings.requestTimeoutMs) ?? DEFAULT_TIMEOUT_MS;
    return Math.min(120_000, Math.max(1_000, value));
  }

  get eventsPageSize(): number {
    return clampPageSize(this.section.get<number>(Settings.eventsPageSize));
  }

  get pollIntervalMs(): number {
    return Math.max(1_000, this.section.get<number>(Settings.pollIntervalMs) ?? 5_000);
  }

  get hiddenPollIntervalMs(): number {
    return Math.max(this.pollIntervalMs, this.section.get<number>(Settings.hiddenPollIntervalMs) ?? 60_000);
  }

  get notifications(): boolean {
    return this.section.get<boolean>(Settings.notifications) ?? false;
  }

  get hoverEnabled(): boolean {
    return this.section.get<boolean>(Settings.hoverEnabled) ?? true;
  }

  /** Language ids (e.g. "markdown") where the execution-id hover is off. */
  get hoverDisabledLanguages(): string[] {
    const raw = this.section.get<unknown>(Settings.hoverDisabledLanguages);
    return Array.isArray(raw) ? raw.filter((l): l is string => typeof l === 'string') : [];
  }

  /** Raw `velt.hover.idPatterns` value; compiled (and checked) by IdPatternCache. */
  get hoverIdPatterns(): unknown {
    return this.section.get<unknown>(Settings.hoverIdPatterns);
  }

  get linksEnabled(): boolean {
    return this.section.get<boolean>(Settings.linksEnabled) ?? true;
  }

  onDidChange(listener: (affects: (setting: string) => boolean) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(CONFIG_SECTION)) {
        listener((setting) => event.affectsConfiguration(`${CONFIG_SECTION}.${setting}`));
      }
    });
  }

  /** For the startup log line: effective values, no secrets (settings never hold any). */
  describe(): string {
    return JSON.stringify({
      environments: this.environments,
      activeEnvironment: this.activeEnvironment,
      requestTimeoutMs: this.requestTimeoutMs,
      eventsPageSize: this.eventsPageSize,
    });
  }
}
