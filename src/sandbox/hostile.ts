// The "hostile" run: every string a renderer could mishandle, served verbatim. The client must show
// these as text (no HTML, no markdown command links, no theme icons, no terminal escapes), cope with a
// 200 KB payload and deep nesting, and show an unknown event type, step status and node type as such.
// Scripted, not an engine run: the API's schemas refuse these ids, enums and node types, so no
// definition the engine accepts can produce them.
import type { ExecutionModel, Json, JsonObject } from './types';
import type { ScriptTime } from './timeline';
import { SANDBOX_EXECUTIONS, idTimestamp } from './roles';
import { Story, type StepInit } from './story';

export const HOSTILE = Object.freeze({
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  commandLink: '[x](command:workbench.action.quit)',
  icon: '$(alert)',
  entityIcon: '&#36;(alert)',
  control: 'bell\u0007 nul\u0000 esc\u001b[31mRED\u001b[0m cr\r lf\n tab\t del\u007f',
  rtl: 'invoice_\u202egpj.exe\u202c',
  unknownEventType: 'step.teleported',
  unknownStepStatus: 'quarantined',
  unknownNodeType: 'quantum-oracle',
  payloadBytes: 200 * 1024,
  nestingDepth: 300,
});

/** ~200 KB of mixed markup, built once per process. */
let payloadCache: string | undefined;
export function hostilePayload(): string {
  if (payloadCache === undefined) {
    const unit = `${HOSTILE.script} ${HOSTILE.img} ${HOSTILE.commandLink} &amp; "quotes" 'single' \\ `;
    payloadCache = unit.repeat(Math.ceil(HOSTILE.payloadBytes / unit.length)).slice(0, HOSTILE.payloadBytes);
  }
  return payloadCache;
}

function nested(depth: number): Json {
  let value: Json = { leaf: HOSTILE.script };
  for (let level = depth; level > 0; level--) value = { level, child: value };
  return value;
}

export function hostile(time: ScriptTime): ExecutionModel {
  const id = SANDBOX_EXECUTIONS['hostile']!;
  const ts = idTimestamp(id);
  const s = new Story({
    executionId: id,
    definitionId: `hostile-${HOSTILE.img}${HOSTILE.commandLink}${HOSTILE.icon}`,
    definitionVersion: 1,
    correlationId: `corr_${HOSTILE.rtl}_${HOSTILE.commandLink}${HOSTILE.icon}`,
    idempotencyKey: `${HOSTILE.script}${HOSTILE.control}`,
  });
  const scriptStep: StepInit = {
    stepId: `step_${HOSTILE.script}_${ts}_xsshtm`,
    nodeId: HOSTILE.script,
    nodeType: 'agent',
  };
  const imgStep: StepInit = { stepId: `step_${HOSTILE.img}_${ts}_imgonx`, nodeId: HOSTILE.img, nodeType: 'webhook' };
  const longNode = `very-long-node-${'x'.repeat(2000)}`;
  const longStep: StepInit = { stepId: `step_${longNode}_${ts}_longid`, nodeId: longNode, nodeType: 'notification' };
  const oddStep: StepInit = {
    stepId: `step_oracle_${ts}_unkwnn`,
    nodeId: `oracle${HOSTILE.icon}${HOSTILE.commandLink}`,
    nodeType: HOSTILE.unknownNodeType,
  };
  const rtlStep: StepInit = { stepId: `step_${HOSTILE.rtl}_${ts}_rtlovr`, nodeId: HOSTILE.rtl, nodeType: 'human' };
  const strings: JsonObject = {
    script: HOSTILE.script,
    img: HOSTILE.img,
    commandLink: HOSTILE.commandLink,
    control: HOSTILE.control,
    rtl: HOSTILE.rtl,
  };
  s.dispatch([scriptStep.stepId])
    .after(100)
    .start(scriptStep)
    .after(500)
    .complete(
      scriptStep.stepId,
      { ...strings, decision: 'approve' },
      { summary: HOSTILE.script, markdown: HOSTILE.commandLink, decision: 'approve' },
    )
    .after(100)
    .start(imgStep)
    .after(400)
    .complete(
      imgStep.stepId,
      { nodeType: 'webhook', httpStatus: 200, responseText: hostilePayload() },
      { httpStatus: 200, responseHeaders: { 'content-type': 'text/html' }, responseText: hostilePayload() },
    )
    .after(100)
    .start(longStep)
    .after(100)
    .complete(
      longStep.stepId,
      { longValue: 'y'.repeat(50000), deep: nested(HOSTILE.nestingDepth) },
      { channel: 'email', deep: nested(HOSTILE.nestingDepth) },
    )
    .after(100)
    .start(oddStep)
    .emit(HOSTILE.unknownEventType, oddStep.stepId, { from: 'here', to: HOSTILE.img, note: HOSTILE.control })
    .after(100);
  s.builder.step(s.now, oddStep.stepId, {
    status: HOSTILE.unknownStepStatus,
    output: { note: 'unknown status and node type' },
  });
  s.after(100)
    .start(rtlStep, { reviewers: [{ userId: HOSTILE.rtl, mandatory: true }], commentBody: HOSTILE.commandLink })
    .after(100)
    .fail(
      rtlStep.stepId,
      { reason: HOSTILE.control },
      { code: HOSTILE.script, message: `${HOSTILE.img} ${HOSTILE.commandLink} ${HOSTILE.control}` },
    )
    .after(100)
    .failRun({
      code: HOSTILE.img,
      message: `${HOSTILE.commandLink}\n${HOSTILE.script}\n${HOSTILE.rtl}\n${HOSTILE.icon} ${HOSTILE.entityIcon}`,
    });
  return s.builder.build(time);
}
