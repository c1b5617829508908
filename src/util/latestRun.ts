// A refresh that can be started again before the previous one finished (a settings change, a switch of
// environment, the read activation starts without waiting): each run reads, then applies its answer only
// if no newer run started meanwhile, so a slow read for an old state can never overwrite a newer answer.

export class LatestRun {
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();

  /**
   * Reads, then applies when this is still the latest run. Resolves once the state reflects the latest
   * run (this one, or one that overtook it); rejects when this run's read or apply fails.
   */
  async run<T>(read: () => T | Promise<T>, apply: (value: T) => void | Promise<void>): Promise<void> {
    const generation = ++this.generation;
    const run = (async () => {
      const value = await read();
      if (generation === this.generation) await apply(value);
    })();
    this.latest = run.catch(() => undefined);
    await run;
    await this.settled();
  }

  /** Resolves once the latest run started so far has finished (at once when none is running). */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.latest;
      await current;
    } while (current !== this.latest);
  }
}
