// Id formats (velt-api.md §5): executions `exec_<13-digit ms>_<8 alnum>`, root steps
// `step_<nodeId>_<13-digit ms>_<6 lower>`, fan-out `<parent>__to__<child>`, group successors
// `group_<groupId>__to__<child>`, server-generated correlation ids `corr_…`. Loop re-entries are
// fan-outs of the rejecting step (`<rejecting step>__to__<entry node>`), so every iteration gets a new id.
import { randomAlnum, randomLower, type Rng } from '../random';

export function executionId(ms: number, rng: Rng): string {
  return `exec_${String(Math.floor(ms)).padStart(13, '0')}_${randomAlnum(rng, 8)}`;
}

export function rootStepId(nodeId: string, ms: number, rng: Rng): string {
  return `step_${nodeId}_${String(Math.floor(ms)).padStart(13, '0')}_${randomLower(rng, 6)}`;
}

export const fanOutStepId = (parentStepId: string, childNodeId: string): string =>
  `${parentStepId}__to__${childNodeId}`;
export const groupStepId = (groupId: string, childNodeId: string): string => `group_${groupId}__to__${childNodeId}`;

export function correlationId(rng: Rng): string {
  return `corr_${randomAlnum(rng, 16)}`;
}

/** Agents-API style id (12-char suffix), as carried in agent step output. */
export function agentExecutionId(ms: number, rng: Rng): string {
  return `exec_${String(Math.floor(ms)).padStart(13, '0')}_${randomAlnum(rng, 12)}`;
}
