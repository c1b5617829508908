// Request counters, so tests and benchmarks can assert how many calls a client made (per endpoint,
// per execution, per injected fault). Control routes (/__sandbox/*) are not counted, so reading the
// stats over HTTP does not change them.

export interface SandboxStats {
  total: number;
  byPath: Record<string, number>;
  byExecutionId: Record<string, number>;
  byFault: Record<string, number>;
  /** HTTP status codes sent, plus `dropped` and `aborted` (client went away during a slow fault). */
  byStatus: Record<string, number>;
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

export class StatsRecorder {
  private stats: SandboxStats = StatsRecorder.empty();

  private static empty(): SandboxStats {
    return { total: 0, byPath: {}, byExecutionId: {}, byFault: {}, byStatus: {} };
  }

  request(path: string, executionId: string | undefined): void {
    this.stats.total += 1;
    bump(this.stats.byPath, path);
    if (executionId !== undefined) bump(this.stats.byExecutionId, executionId);
  }

  fault(mode: string): void {
    bump(this.stats.byFault, mode);
  }

  outcome(status: number | 'dropped' | 'aborted'): void {
    bump(this.stats.byStatus, String(status));
  }

  /** A copy: callers can keep it and compare with a later snapshot. */
  snapshot(): SandboxStats {
    return {
      total: this.stats.total,
      byPath: { ...this.stats.byPath },
      byExecutionId: { ...this.stats.byExecutionId },
      byFault: { ...this.stats.byFault },
      byStatus: { ...this.stats.byStatus },
    };
  }

  reset(): void {
    this.stats = StatsRecorder.empty();
  }
}
