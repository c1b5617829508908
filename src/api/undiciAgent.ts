// The two parts of undici the request module uses — an Agent (connection pools with keep-alive) and the
// `request` method every dispatcher has — required from undici's own files rather than its index. The index
// also loads fetch, WebSocket, EventSource, the HTTP cache and the mocks, which nothing here uses: taking only
// these halves undici's share of dist/api.js (~560 → ~295 KiB minified) and keeps the .vsix within its budget.
// The paths are undici 7's (package-lock pins the version; test/unit/api/undiciAgent.test.ts checks them).
import type { Agent as AgentClass, Dispatcher } from 'undici';
import AgentImpl from 'undici/lib/dispatcher/agent';
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher';
import requestApi from 'undici/lib/api';

// What undici's index does at load: the api methods (request, stream, pipeline …) on every dispatcher.
if (typeof (DispatcherImpl.prototype as Partial<Dispatcher>).request !== 'function')
  Object.assign(DispatcherImpl.prototype, requestApi);

export const Agent: typeof AgentClass = AgentImpl;
export type { Dispatcher };

/** One POST through `dispatcher` to `path` (with any query) on `origin`: undici's request without parsing a URL. */
export function requestAt(
  dispatcher: Dispatcher,
  origin: string,
  path: string,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'>,
): Promise<Dispatcher.ResponseData> {
  return dispatcher.request({ ...options, origin, path });
}
