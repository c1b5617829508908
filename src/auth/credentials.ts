// API key + auth token per environment, only ever in SecretStorage, each bound to its origin (see
// credentialVault.ts). Other windows learn about changes through SecretStorage's change event.
import * as vscode from 'vscode';
import type { Config } from '../config';
import { logger } from '../log';
import { DisposableStore } from '../util/lifecycle';
import { CredentialVault, SECRET_PREFIX } from './credentialVault';

const log = logger('credentials');

export class CredentialStore extends CredentialVault implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the environment name whose credentials changed (in this or another window). */
  readonly onDidChange = this.changed.event;
  private readonly disposables = new DisposableStore();

  constructor(secrets: vscode.SecretStorage, config: Config) {
    super(secrets, {
      // Config reads velt.environments from the user settings only, so a folder cannot choose this host.
      legacyBaseUrl: (environment) => config.environments.find((e) => e.name === environment)?.baseUrl,
      log: (level, message) => log[level](message),
    });
    this.disposables.addAll(
      this.changed,
      secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_PREFIX)) this.changed.fire(event.key.slice(SECRET_PREFIX.length));
      }),
    );
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
