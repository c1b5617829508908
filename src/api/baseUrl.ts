// Base URL rules: https everywhere, plain http only for loopback hosts (the sandbox, local proxies); and
// the origin (scheme + host + port) that stored credentials are bound to.
import { ApiError, credentialsOriginMismatch } from './errors';

export const DEFAULT_BASE_URL = 'https://api.velt.dev';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Checks a base URL and returns it normalised (no trailing slash, no trailing /v2). */
export function normaliseBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ApiError(
      'insecureUrl',
      'The base URL is not a valid URL. Set an https:// URL in the "velt.environments" setting.',
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ApiError(
      'insecureUrl',
      `Refusing to send credentials to ${url.protocol}//${url.host}: use https:// (plain http is allowed only for localhost).`,
    );
  }
  if (url.username || url.password) {
    throw new ApiError('insecureUrl', 'The base URL must not contain a user name or password.');
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v2$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The origin credentials are bound to: scheme + lower-case host + port (default ports dropped). */
export function originOf(baseUrl: string): string {
  return originOfNormalised(normaliseBaseUrl(baseUrl));
}

/** originOf for a URL that has already passed normaliseBaseUrl (the request path: no second pass). */
export function originOfNormalised(url: string): string {
  return new URL(url).origin;
}

/** Why credentials stored for `storedOrigin` must not go to `baseUrl`, or undefined when they may. */
export function originMismatch(storedOrigin: string, baseUrl: string): ApiError | undefined {
  const current = originOf(baseUrl);
  return current === storedOrigin ? undefined : credentialsOriginMismatch(storedOrigin, current);
}
