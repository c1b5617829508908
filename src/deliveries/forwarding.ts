// Forward Events to Local URL: `listen` in the editor. One forwarder at a time, through the extension's
// shared API client pinned to the environment it started in (so it shares the retry budget and never reads
// another environment's runs); a status bar item shows the URL, delivered and failed, and stops it on click.
// It stops on Stop, on an environment change and when the extension is disposed.
import * as vscode from 'vscode';
import { isApiError, pinnedToEnvironment, type WorkflowApi } from '../api';
import type { Environments } from '../auth/environments';
import { Commands } from '../ids';
import { logger } from '../log';
import { bundleLoader } from '../util/bundle';
import { inertLabel, inertMessage } from '../util/inertText';
import { Disposable } from '../util/lifecycle';
import type * as WebhooksModule from '../webhooks';
import type { Forwarder, ForwarderTimings, Receiver } from '../webhooks';

/** The forwarder and the rest of src/webhooks (dist/webhooks.js): required when forwarding first starts. */
export const webhooksModule = bundleLoader<typeof WebhooksModule>('webhooks.js', 'Forwarder', 'The webhooks module');

const log = logger('forward');

export interface ForwardingOptions {
  api: WorkflowApi;
  environments: Environments;
  userAgent: string;
  /** Tests: faster polls. */
  timings?: Partial<ForwarderTimings>;
}

interface Session {
  receiver: Receiver;
  environment: string;
  forwarder: Forwarder;
  stop: AbortController;
  done: Promise<void>;
}

export class Forwarding extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50));
  private session: Session | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires on start, stop and each delivery attempt (tests and the status item). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: ForwardingOptions) {
    super();
    this.item.command = Commands.stopForwarding;
    this.registerAll(
      options.environments.onDidChange(() => {
        const session = this.session;
        if (session && options.environments.active.name !== session.environment) {
          void this.stop(`the active environment changed from ${session.environment}`);
        }
      }),
      { dispose: () => void this.stop() },
    );
  }

  get running(): { url: string; environment: string; delivered: number; failedAttempts: number } | undefined {
    const s = this.session;
    return s && { url: s.receiver.url, environment: s.environment, ...s.forwarder.stats };
  }

  /** Starts forwarding (stopping a previous session first). */
  async start(receiver: Receiver, scope: { definitionId?: string; executionIds?: string[] } = {}): Promise<void> {
    await this.stop();
    if (this.isDisposed) return;
    const environment = this.options.environments.active.name;
    const stop = new AbortController();
    const { Forwarder, deliveryLine } = webhooksModule();
    const forwarder = new Forwarder({
      api: pinnedToEnvironment(this.options.api, environment),
      receiver,
      userAgent: this.options.userAgent,
      ...(scope.definitionId ? { definitionId: scope.definitionId } : {}),
      ...(scope.executionIds ? { executionIds: scope.executionIds } : {}),
      ...(this.options.timings ? { timings: this.options.timings } : {}),
      onAttempt: (result) => {
        log.info(deliveryLine(result));
        this.update();
      },
      onNotice: (message) => log.info(message),
    });
    const session: Session = { receiver, environment, forwarder, stop, done: Promise.resolve() };
    session.done = forwarder.run(stop.signal).then(
      () => this.ended(session, 'every execution followed has ended'),
      (error: unknown) => {
        if (stop.signal.aborted) return;
        const reason = isApiError(error) || error instanceof Error ? error.message : String(error);
        log.warn(`Forwarding to ${receiver.url} stopped: ${reason}`);
        void vscode.window.showErrorMessage(
          `Forwarding events stopped: ${inertMessage(reason)} Fix the cause, then run Velt: Forward Events to Local URL again.`,
        );
        this.ended(session, undefined);
      },
    );
    this.session = session;
    log.info(`Forwarding events of ${environment} to ${receiver.url}`);
    this.update();
  }

  /** Stops the session, if any, and waits for its deliveries to settle; `why` is told to the user. */
  async stop(why?: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.stop.abort();
    await session.done;
    const { delivered, failedAttempts } = session.forwarder.stats;
    const summary = `Stopped forwarding to ${session.receiver.url}: ${delivered} delivered, ${failedAttempts} failed attempts.`;
    log.info(why ? `${summary} (${why})` : summary);
    if (why && !this.isDisposed)
      void vscode.window.showInformationMessage(`${inertMessage(summary)} Reason: ${inertMessage(why)}.`);
    this.update();
  }

  private ended(session: Session, why: string | undefined): void {
    if (this.session !== session) return;
    this.session = undefined;
    if (why) {
      log.info(`Forwarding to ${session.receiver.url} ended: ${why}`);
      void vscode.window.showInformationMessage(`Forwarding to ${inertMessage(session.receiver.url)} ended: ${why}.`);
    }
    this.update();
  }

  private update(): void {
    if (this.isDisposed) return;
    const running = this.running;
    if (!running) {
      this.item.hide();
    } else {
      this.item.text = `$(broadcast) ${inertLabel(shortUrl(running.url), 60)} · ${running.delivered} delivered${running.failedAttempts > 0 ? ` · ${running.failedAttempts} failed` : ''}`;
      // Plain string tooltip: inert, no Markdown.
      this.item.tooltip = inertLabel(
        `Forwarding new events of ${running.environment} to ${running.url}\n${running.delivered} delivered, ${running.failedAttempts} failed attempts\nClick to stop.`,
        600,
      );
      this.item.show();
    }
    this.changed.fire();
  }
}

function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
