// The stored API key + auth token per environment, each bound to the origin it was given for. vscode-free
// (over a minimal SecretStorage), so the binding and the migration of older entries are unit-tested.
import { originOf, type BoundCredentials, type Credentials } from '../api';

export const SECRET_PREFIX = 'velt.credentials:';

/** The part of vscode.SecretStorage the vault uses. */
export interface SecretBackend {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface VaultOptions {
  /**
   * For an entry stored before credentials had an origin: the environment's base URL as set in the user
   * (global) settings, or undefined. Such an entry is bound to that origin on first read; without one it
   * counts as signed out until the user sets credentials again.
   */
  legacyBaseUrl(environment: string): string | undefined;
  log(level: 'info' | 'warn', message: string): void;
}

export class CredentialVault {
  constructor(
    private readonly secrets: SecretBackend,
    private readonly vaultOptions: VaultOptions,
  ) {}

  async get(environment: string): Promise<BoundCredentials | undefined> {
    const raw = await this.secrets.get(SECRET_PREFIX + environment);
    if (!raw) return undefined;
    const entry = parseEntry(raw);
    if (!entry) {
      // A corrupt entry is treated as signed out, never shown.
      this.vaultOptions.log('warn', `Ignoring unreadable stored credentials for "${environment}".`);
      return undefined;
    }
    if (entry.origin !== undefined) return { apiKey: entry.apiKey, authToken: entry.authToken, origin: entry.origin };
    return this.migrate(environment, entry);
  }

  /** Stores the pair bound to the origin of `baseUrl` (the host it was checked against). */
  async set(environment: string, credentials: Credentials, baseUrl: string): Promise<BoundCredentials> {
    const bound: BoundCredentials = {
      apiKey: credentials.apiKey,
      authToken: credentials.authToken,
      origin: originOf(baseUrl),
    };
    await this.secrets.store(SECRET_PREFIX + environment, JSON.stringify(bound));
    return bound;
  }

  async clear(environment: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + environment);
  }

  private async migrate(environment: string, legacy: Credentials): Promise<BoundCredentials | undefined> {
    const baseUrl = this.vaultOptions.legacyBaseUrl(environment);
    let origin: string | undefined;
    try {
      origin = baseUrl === undefined ? undefined : originOf(baseUrl);
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      this.vaultOptions.log(
        'warn',
        `Stored credentials for "${environment}" predate host binding and no base URL for it is set in the user settings: set credentials again to use them.`,
      );
      return undefined;
    }
    // Written back, so the binding stays when the settings change later.
    const bound = await this.set(environment, legacy, origin);
    this.vaultOptions.log(
      'info',
      `Stored credentials for "${environment}" are now bound to ${origin} (the base URL in the user settings).`,
    );
    return bound;
  }
}

function parseEntry(raw: string): (Credentials & { origin: string | undefined }) | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { apiKey, authToken, origin } = value as Record<string, unknown>;
  if (typeof apiKey !== 'string' || typeof authToken !== 'string' || apiKey.length === 0 || authToken.length === 0)
    return undefined;
  if (origin === undefined) return { apiKey, authToken, origin: undefined };
  // Only an origin in its normalised form counts: anything else could widen where the pair may go.
  if (typeof origin !== 'string' || !isNormalisedOrigin(origin)) return undefined;
  return { apiKey, authToken, origin };
}

function isNormalisedOrigin(origin: string): boolean {
  try {
    return originOf(origin) === origin;
  } catch {
    return false;
  }
}
