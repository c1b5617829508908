// The panel's remembered filters and time format, one typed store over the workspace Memento: read
// once per webview load, written when the webview changes them. Malformed stored data reads as defaults.
import { DEFAULT_PREFS, type Prefs } from './protocol';
import { parsePrefs } from './webviewInput';

/** The part of a vscode.Memento the store needs (tests pass a Map-backed one). */
export interface PrefsMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

export const PREFS_KEY = 'velt.panel.prefs.v1';

export class PanelPrefs {
  constructor(private readonly memento: PrefsMemento) {}

  get(): Prefs {
    return parsePrefs(this.memento.get(PREFS_KEY)) ?? DEFAULT_PREFS;
  }

  set(prefs: Prefs): Thenable<void> {
    return this.memento.update(PREFS_KEY, prefs);
  }
}
