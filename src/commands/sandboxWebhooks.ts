// Velt: Simulate Webhook Outage… (sandbox only): every sandbox delivery fails for a chosen time, then the
// engine's retries resume, so an outage and its reconciliation can be tried locally. Refresh for the
// Webhook Deliveries view.
import * as vscode from 'vscode';
import { setDeliveryOutage } from '../sandboxHost/deliveryControl';
import { formatDuration } from '../util/format';
import { inertMessage } from '../util/inertText';
import type { CommandDeps } from './deps';

interface OutageChoice extends vscode.QuickPickItem {
  ms: number;
}

const CHOICES: OutageChoice[] = [
  { label: '1 minute', ms: 60_000 },
  { label: '5 minutes', ms: 5 * 60_000 },
  { label: '15 minutes', ms: 15 * 60_000 },
  { label: '1 hour', ms: 60 * 60_000 },
  { label: 'End the outage now', ms: 0 },
];

export function simulateWebhookOutage(deps: CommandDeps) {
  return async (durationMs?: number): Promise<number | null | undefined> => {
    if (!deps.environments.active.isSandbox) {
      void vscode.window.showErrorMessage(
        'Simulate Webhook Outage works on the built-in sandbox only. Run Velt: Try the Sandbox first.',
      );
      return undefined;
    }
    const ms =
      typeof durationMs === 'number'
        ? durationMs
        : (
            await vscode.window.showQuickPick(CHOICES, {
              title: 'Velt: Simulate Webhook Outage',
              placeHolder: "For how long should the sandbox's webhook deliveries fail?",
            })
          )?.ms;
    if (ms === undefined) return undefined;
    try {
      const outage = await setDeliveryOutage(await deps.sandbox.ensure(), ms);
      void deps.webhooks.deliveries.refresh();
      void vscode.window.showInformationMessage(
        outage.outageUntil === null
          ? 'The simulated webhook outage has ended; pending deliveries succeed at their next retry.'
          : `Sandbox webhook deliveries fail for ${formatDuration(ms)}; they are retried on Velt's schedule (2 s, 8 s, 32 s, 2 min, 8 min), then dead-lettered.`,
      );
      return outage.outageUntil;
    } catch (error) {
      void vscode.window.showErrorMessage(inertMessage(error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  };
}
