// The signing secret of each webhook receiver URL, in SecretStorage (never in settings, never logged):
// Re-deliver Missing and Forward Events sign with it, and ask for it only the first time per URL.
import type * as vscode from 'vscode';

const KEY_PREFIX = 'velt.webhookSecret.v1:';

export class WebhookSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(url: string): Promise<string | undefined> {
    const value = await this.secrets.get(KEY_PREFIX + url);
    return value === '' ? undefined : value;
  }

  async set(url: string, secret: string): Promise<void> {
    await this.secrets.store(KEY_PREFIX + url, secret);
  }
}
