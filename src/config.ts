// Typed access to the `velt.*` settings; values are read on use so changes apply without re-wiring.
import * as vscode from 'vscode';
import { CONFIG_SECTION, Settings } from './ids';
import { DEFAULT_TIMEOUT_MS, clampPageSize } from './api';
import { parseActiveEnvironment, parseEnvironments, userOrDefault, type EnvironmentSetting } from './util/userSettings';

export type { EnvironmentSetting };

export class Config implements vscode.Disposable {
  /**
   * Parsed user-only values. The active environment is read on every request and tree item, and inspect()
   * costs several times a get(), so they are kept until any velt.* setting changes.
   */
  private readonly userValues = new Map<string, unknown>();
  private readonly invalidation = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(CONFIG_SECTION)) this.userValues.clear();
  });

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  /** For settings that choose hosts or run code-like input: the user's value only (see userSettings.ts). */
  private userOnly<T>(key: string, parse: (raw: unknown) => T): T {
    if (this.userValues.has(key)) return this.userValues.get(key) as T;
    const value = parse(userOrDefault(this.section.inspect<unknown>(key)));
    this.userValues.set(key, value);
    return value;
  }

  /** Configured environments (user settings only), cleaned: unnamed or duplicate entries and the reserved sandbox name dropped. */
  get environments(): readonly EnvironmentSetting[] {
    return this.userOnly(Settings.environments, parseEnvironments);
  }

  /** The active environment's name (user settings only). */
  get activeEnvironment(): string {
    return this.userOnly(Settings.activeEnvironment, parseActiveEnvironment);
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

  /** How long before a waiting approval's SLA breach to warn (ms); 0: never. */
  get breachWarningMs(): number {
    const minutes = this.section.get<number>(Settings.breachWarningMinutes) ?? 0;
    return Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, 7 * 24 * 60) * 60_000 : 0;
  }

  get hoverEnabled(): boolean {
    return this.section.get<boolean>(Settings.hoverEnabled) ?? true;
  }

  /** Language ids (e.g. "markdown") where the execution-id hover is off. */
  get hoverDisabledLanguages(): string[] {
    const raw = this.section.get<unknown>(Settings.hoverDisabledLanguages);
    return Array.isArray(raw) ? raw.filter((l): l is string => typeof l === 'string') : [];
  }

  /** Raw `velt.hover.idPatterns` value (user settings only); compiled (and checked) by IdPatternCache. */
  get hoverIdPatterns(): unknown {
    return this.userOnly(Settings.hoverIdPatterns, (raw) => raw);
  }

  get linksEnabled(): boolean {
    return this.section.get<boolean>(Settings.linksEnabled) ?? true;
  }

  /** `velt.actions.actorId` (user settings only: a folder must not choose who overrides are recorded as); '' when unset. */
  get actionsActorId(): string {
    return this.userOnly(Settings.actionsActorId, (raw) => (typeof raw === 'string' ? raw.trim() : ''));
  }

  setActionsActorId(actorId: string): Thenable<void> {
    return this.section.update(Settings.actionsActorId, actorId, vscode.ConfigurationTarget.Global);
  }

  onDidChange(listener: (affects: (setting: string) => boolean) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(CONFIG_SECTION)) {
        this.userValues.clear(); // whichever listener runs first sees fresh values
        listener((setting) => event.affectsConfiguration(`${CONFIG_SECTION}.${setting}`));
      }
    });
  }

  dispose(): void {
    this.invalidation.dispose();
    this.userValues.clear();
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
