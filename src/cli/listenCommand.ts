// `listen`: forwards new events as signed webhooks to a local receiver until Ctrl-C (or, with --execution,
// until those executions end). One line per delivery attempt on stdout; notices and the summary on stderr.
import { Forwarder, deliveryLine, type ForwarderStats, type ForwarderTimings } from '../webhooks';
import type { CommandContext } from './commands';
import type { ListenCommand } from './webhookArgs';

export async function runListen(
  command: ListenCommand,
  context: CommandContext & { userAgent: string; timings?: Partial<ForwarderTimings> },
): Promise<void> {
  const { api, output, signal } = context;
  const forwarder = new Forwarder({
    api,
    receiver: command.receiver,
    userAgent: context.userAgent,
    executionIds: command.executionIds,
    definitionId: command.definitionId,
    timings: context.timings,
    // Lines are written in order; stdout's back-pressure is not worth holding a delivery for.
    onAttempt: (result) => void output.textLine(deliveryLine(result)).catch(() => undefined),
    onNotice: (message) => output.message(message),
  });
  output.message(
    `forwarding events to ${command.receiver.url}${command.receiver.secret === undefined ? ' (unsigned: no --secret)' : ''}; Ctrl-C stops.`,
  );
  try {
    await forwarder.run(signal);
  } finally {
    output.message(summary(forwarder.stats));
  }
}

function summary(stats: ForwarderStats): string {
  const parts = [
    `${stats.delivered} event${stats.delivered === 1 ? '' : 's'} delivered`,
    `${stats.failedAttempts} failed attempt${stats.failedAttempts === 1 ? '' : 's'}`,
    `${stats.followed} execution${stats.followed === 1 ? '' : 's'} followed`,
  ];
  if (stats.inRetry > 0) parts.push(`${stats.inRetry} not delivered when stopped`);
  if (stats.skipped > 0) parts.push(`${stats.skipped} unreadable not forwarded`);
  return `summary: ${parts.join(', ')}.`;
}
