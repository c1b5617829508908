// One request per key in flight, shared by every caller that asks for the same thing meanwhile (the HTTP
// requester per identical POST, the execution cache per execution id). A caller that aborts stops waiting
// at once; the request itself is aborted only when nobody waits for it any more. No `vscode`, no undici.
import { cancelledError } from './retry';

interface Call<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export class InFlightRequests<T> {
  private readonly calls = new Map<string, Call<T>>();

  /** Whether a call for `key` is in flight (a new caller would join it). */
  has(key: string): boolean {
    return this.calls.has(key);
  }

  /**
   * Joins the call in flight for `key`, or starts one with `start`, which gets the signal that aborts it
   * once no caller waits any more. The call is forgotten when it settles.
   */
  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    let call = this.calls.get(key);
    if (!call) {
      const controller = new AbortController();
      const created: Call<T> = {
        promise: start(controller.signal).finally(() => {
          if (this.calls.get(key) === created) this.calls.delete(key);
        }),
        controller,
        waiters: 0,
      };
      created.promise.catch(() => undefined); // each waiter gets the rejection; the shared promise is not unhandled
      call = created;
      this.calls.set(key, call);
    }
    return this.wait(key, call, signal);
  }

  private wait(key: string, call: Call<T>, signal: AbortSignal | undefined): Promise<T> {
    call.waiters++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        call.waiters--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (!finish()) return;
        if (call.waiters === 0) {
          if (this.calls.get(key) === call) this.calls.delete(key);
          call.controller.abort();
        }
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      call.promise.then(
        (value) => {
          if (finish()) resolve(value);
        },
        (error: unknown) => {
          if (finish()) reject(error);
        },
      );
    });
  }

  /** Calls in flight. */
  get size(): number {
    return this.calls.size;
  }

  /** Aborts every call in flight and forgets them (their waiters get the abort's rejection). */
  abortAll(): void {
    for (const call of this.calls.values()) call.controller.abort();
    this.calls.clear();
  }
}
