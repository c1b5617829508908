// velt.sandbox.definitions: a glob per workspace folder whose *.json files the built-in sandbox loads as
// definitions. Finds the files at each sandbox start and fires onDidChange (debounced) when the setting,
// the folders, the workspace trust or a matching file changes. An untrusted workspace contributes none:
// a definition's webhook nodes call loopback URLs, which a folder must not be able to aim at this machine.
import * as vscode from 'vscode';
import { CONFIG_SECTION, Settings } from '../ids';
import { logger } from '../log';
import { inertMessage } from '../util/inertText';
import { definitionPattern, type DefinitionPattern } from './definitionProblems';

const log = logger('sandbox');
/** One more than the sandbox loads, so its too-many-files problem still fires. */
const MAX_FILES = 201;
const DEBOUNCE_MS = 400;

export class SandboxDefinitions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The set of files or their contents may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly warned = new Set<string>();

  constructor() {
    const setting = `${CONFIG_SECTION}.${Settings.sandboxDefinitions}`;
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(setting)) this.rewatch();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rewatch()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rewatch()),
    );
    this.watch();
  }

  /** Absolute paths of the matching *.json files, folder by folder, each folder's sorted. */
  async files(): Promise<string[]> {
    const globs = this.globs();
    if (globs.length === 0) return [];
    if (!vscode.workspace.isTrusted) {
      log.info('velt.sandbox.definitions is ignored until you trust this workspace.');
      return [];
    }
    const files: string[] = [];
    for (const { folder, glob } of globs) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), undefined, MAX_FILES);
      files.push(
        ...found
          .filter((uri) => uri.scheme === 'file' && uri.path.endsWith('.json'))
          .map((uri) => uri.fsPath)
          .sort(),
      );
    }
    log.debug(`velt.sandbox.definitions matches ${files.length} file(s)`);
    return files;
  }

  private globs(): { folder: vscode.WorkspaceFolder; glob: string }[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const pattern = this.patternOf(folder);
      return pattern.kind === 'glob' ? [{ folder, glob: pattern.glob }] : [];
    });
  }

  private patternOf(folder: vscode.WorkspaceFolder): DefinitionPattern {
    const raw = vscode.workspace.getConfiguration(CONFIG_SECTION, folder).get<unknown>(Settings.sandboxDefinitions);
    const pattern = definitionPattern(raw);
    if (pattern.kind === 'invalid' && !this.warned.has(pattern.message)) {
      this.warned.add(pattern.message);
      log.warn(pattern.message);
      void vscode.window.showWarningMessage(inertMessage(pattern.message));
    }
    return pattern;
  }

  private watch(): void {
    if (!vscode.workspace.isTrusted) return;
    for (const { folder, glob } of this.globs()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
      this.watchers.push(
        watcher,
        watcher.onDidCreate(() => this.schedule()),
        watcher.onDidChange(() => this.schedule()),
        watcher.onDidDelete(() => this.schedule()),
      );
    }
  }

  private rewatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.watch();
    this.schedule();
  }

  /** Saving several files (or a setting typed key by key) gives one reload. */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of [...this.watchers, ...this.subscriptions]) d.dispose();
  }
}
