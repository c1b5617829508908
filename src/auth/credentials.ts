// API key + auth token per environment, only ever in SecretStorage. Other windows learn about
// changes through SecretStorage's change event.
import * as vscode from 'vscode';
import type { Credentials } from '../api';
import { logger } from '../log';

const SECRET_PREFIX = 'velt.credentials:';
const log = logger('credentials');

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the environment name whose credentials changed (in this or another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith(SECRET_PREFIX)) this.changed.fire(event.key.slice(SECRET_PREFIX.length));
    });
  }

  async get(environment: string): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(SECRET_PREFIX + environment);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (isCredentials(parsed)) return parsed;
    } catch {
      // Fall through: a corrupt entry is treated as signed out, never shown.
    }
    log.warn(`Ignoring unreadable stored credentials for "${environment}".`);
    return undefined;
  }

  async set(environment: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + environment, JSON.stringify(credentials));
  }

  async clear(environment: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + environment);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false;
  const { apiKey, authToken } = value as Record<string, unknown>;
  return typeof apiKey === 'string' && typeof authToken === 'string' && apiKey.length > 0 && authToken.length > 0;
}
