// Deep links into the editor: <scheme>://velt-tools.velt-workflow-inspector/open?executionId=…&environment=…
// Building and parsing are pure, so both are unit-tested; the URI handler only asks and opens.
import { isExecutionId } from '../api';
import { inertMessage } from '../util/inertText';

export const DEEP_LINK_PATH = '/open';
const MAX_ENVIRONMENT_LENGTH = 100;

export function buildDeepLink(scheme: string, extensionId: string, executionId: string, environment?: string): string {
  const query = new URLSearchParams({ executionId });
  if (environment) query.set('environment', environment);
  return `${scheme}://${extensionId}${DEEP_LINK_PATH}?${query.toString().replace(/\+/g, '%20')}`;
}

export type DeepLink =
  { ok: true; executionId: string; environment: string | undefined } | { ok: false; reason: string };

/** Parses the path and (already URI-decoded or raw) query of a link VS Code handed to the extension. */
export function parseDeepLink(path: string, query: string): DeepLink {
  if (path.replace(/\/+$/, '').toLowerCase() !== DEEP_LINK_PATH) {
    return {
      ok: false,
      reason: `Unknown link "${inertMessage(path, 40)}": Velt links look like …/open?executionId=exec_….`,
    };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return { ok: false, reason: "The link's query cannot be read." };
  }
  const ids = params.getAll('executionId');
  if (ids.length === 0) return { ok: false, reason: 'The link has no executionId.' };
  if (ids.length > 1) return { ok: false, reason: 'The link names more than one executionId.' };
  const executionId = ids[0]!.trim();
  if (!isExecutionId(executionId)) {
    return {
      ok: false,
      reason: `"${inertMessage(executionId, 60)}" is not an execution ID (expected exec_ + 13 digits + _ + 4–32 lowercase letters or digits).`,
    };
  }
  const environment = params.get('environment')?.trim() || undefined;
  if (
    environment !== undefined &&
    (environment.length > MAX_ENVIRONMENT_LENGTH || /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(environment))
  ) {
    return { ok: false, reason: "The link's environment name is not valid." };
  }
  return { ok: true, executionId, environment };
}

/** What to do about the link's environment: use the active one, offer to switch, or it is unknown here. */
export function environmentDecision(
  requested: string | undefined,
  active: string,
  known: readonly string[],
): 'active' | 'switch' | 'unknown' {
  if (requested === undefined || requested === active) return 'active';
  return known.includes(requested) ? 'switch' : 'unknown';
}
