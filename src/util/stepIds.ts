// What a step id says about where the step came from (velt-api.md §5): root steps are
// `step_<nodeId>_<13-digit ms>_<rand>`, fan-outs `<parent step id>__to__<child node>`, group successors
// `group_<groupId>__to__<child node>`, and a loop re-entry is a fan-out of the rejecting step, so every
// iteration adds to the chain. Node ids are not documented to exclude `__to__`, so this is a heuristic
// for display only; vscode-free (tree and panel share it).

const SEPARATOR = '__to__';
const ROOT_STEP = /^step_(.+)_\d{13}_[a-z0-9]+$/;

/** The step this one was fanned out from (its id), or the group it succeeds; null for a root step. */
export function parentOf(stepId: string, nodeId: string): { stepId: string } | { groupId: string } | null {
  const suffix = `${SEPARATOR}${nodeId}`;
  if (!stepId.endsWith(suffix) || stepId.length === suffix.length) return null;
  const parent = stepId.slice(0, -suffix.length);
  if (parent.startsWith('group_') && !parent.includes(SEPARATOR)) return { groupId: parent.slice('group_'.length) };
  return { stepId: parent };
}

/** Which pass of a loop the step belongs to: 1 + how often its node already appears up its fan-out chain. */
export function stepIteration(stepId: string, nodeId: string): number {
  const [first = '', ...children] = stepId.split(SEPARATOR);
  const root = ROOT_STEP.exec(first)?.[1];
  return Math.max(1, (root === nodeId ? 1 : 0) + children.filter((child) => child === nodeId).length);
}
