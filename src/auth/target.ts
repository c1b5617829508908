// "Where does the next request go, and with which credentials": ONE read of the active environment, so a
// switch while the keychain answers cannot pair one environment's secrets with another's host. vscode-free,
// so the snapshot is unit-tested; Environments supplies the sources.
import { environmentChanged, originOf, type BoundCredentials, type Credentials, type RequestTarget } from '../api';

export interface TargetEnvironment {
  name: string;
  /** The configured base URL; for the sandbox, known only once it runs. */
  baseUrl: string | undefined;
  isSandbox: boolean;
}

export interface TargetSources {
  active(): TargetEnvironment;
  /** The stored pair of an environment, bound to its origin. */
  credentials(environment: string): Promise<BoundCredentials | undefined>;
  /** Starts the sandbox if needed. */
  sandbox(): Promise<{ url: string; credentials: Credentials }>;
}

/**
 * The target of one request. `expected`: the environment the caller belongs to; fails with
 * 'environmentChanged' when another one is active. The request module then checks the pair's origin
 * against the base URL before anything is sent.
 */
export async function resolveTarget(sources: TargetSources, expected?: string): Promise<RequestTarget> {
  const env = sources.active();
  if (expected !== undefined && env.name !== expected) throw environmentChanged(expected, env.name);
  if (env.isSandbox) {
    const { url, credentials } = await sources.sandbox();
    return { baseUrl: url, credentials: { ...credentials, origin: originOf(url) } };
  }
  return { baseUrl: env.baseUrl ?? '', credentials: await sources.credentials(env.name) };
}
