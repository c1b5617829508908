// The webview trusts its host (the host validates what it reads and cuts what it posts to the protocol's
// bounds, src/panel/bounds.ts) and checks only that a message is one of the types it knows. Anything else,
// say from a newer host, is ignored.
import { HOST_MESSAGE_TYPES, type HostToWebview } from '../panel/protocol';

const KNOWN: ReadonlySet<unknown> = new Set(HOST_MESSAGE_TYPES);

/** The message when its `type` is one the webview handles, otherwise undefined. Never throws. */
export function readHostMessage(raw: unknown): HostToWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  return KNOWN.has((raw as { type?: unknown }).type) ? (raw as HostToWebview) : undefined;
}
