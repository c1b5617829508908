// Output for the CLI: JSON (pretty on a terminal, compact otherwise) and NDJSON on stdout with
// back-pressure, one-line messages and an optional progress line on stderr. Every stderr write goes
// through a redactor so a credential can never be printed, whatever produced the text.
// The rule for stdout: on a terminal without --json/--ndjson, `human` is set and commands print for
// people (src/cli/human); otherwise they print exactly the JSON scripts have always read.
import { fit, type TerminalStyle } from './human/terminal';

/** The part of a Node Writable the CLI needs; tests pass a plain collector. */
export interface WritableLike {
  write(chunk: string): boolean | void;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface OutputOptions {
  stdout: WritableLike;
  stderr: WritableLike;
  /** stdout is a terminal: pretty-print JSON. */
  pretty: boolean;
  /** stderr is a terminal: a progress line may be drawn and cleared. */
  progress: boolean;
  /** stderr's width: the progress line is cut to it, so it never wraps (a wrapped line cannot be redrawn). */
  progressColumns?: number | undefined;
  secrets: readonly string[];
  program: string;
}

export class Output {
  private progressShown = false;
  /** Secrets learnt after construction (read from the keychain, typed at login): redacted like the others. */
  private readonly addedSecrets: string[] = [];

  constructor(private readonly options: OutputOptions) {}

  private humanStyle: TerminalStyle | undefined;

  /** How to print for people, or undefined when stdout is for scripts. */
  get human(): TerminalStyle | undefined {
    return this.humanStyle;
  }

  /** Decided once the command line is read (--json / --ndjson keep the output for scripts). */
  setHuman(style: TerminalStyle | undefined): void {
    this.humanStyle = style;
  }

  /** Text for people on stdout, as rendered by src/cli/human (already inert and cut to the width). */
  async text(text: string): Promise<void> {
    if (text !== '') await this.out(text);
  }

  /** Writes one JSON document (the whole answer of a command). */
  async json(value: unknown): Promise<void> {
    await this.out(`${this.options.pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
  }

  /** Writes one NDJSON line; always compact so every line is one document. */
  async line(value: unknown): Promise<void> {
    await this.out(`${JSON.stringify(value)}\n`);
  }

  /** One line of plain text on stdout (listen's delivery lines). */
  async textLine(text: string): Promise<void> {
    await this.out(`${text}\n`);
  }

  /** Several NDJSON lines in one write. */
  async lines(values: readonly unknown[]): Promise<void> {
    if (values.length === 0) return;
    await this.out(values.map((v) => JSON.stringify(v)).join('\n') + '\n');
  }

  /** `velt-executions: <message>` on stderr. */
  message(text: string): void {
    this.clearProgress();
    this.err(`${this.options.program}: ${text}\n`);
  }

  /** A debug line on stderr (--verbose). */
  debug(text: string): void {
    this.clearProgress();
    this.err(`${this.options.program}: [${new Date().toISOString()}] ${text}\n`);
  }

  addSecrets(...values: string[]): void {
    this.addedSecrets.push(...values.filter((v) => v !== ''));
  }

  /** `text` with every secret redacted, for what reaches the terminal other than by message() (a prompt). */
  redacted(text: string): string {
    return redact(text, [...this.options.secrets, ...this.addedSecrets]);
  }

  /** Redraws the progress line; a no-op unless stderr is a terminal. */
  progress(text: string): void {
    if (!this.options.progress) return;
    const line = `${this.options.program}: ${text}`;
    const columns = this.options.progressColumns;
    this.err(`\r\u001b[2K${columns !== undefined && columns > 1 ? fit(line, columns - 1) : line}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.progressShown = false;
    this.err('\r\u001b[2K');
  }

  private err(text: string): void {
    this.options.stderr.write(redact(text, [...this.options.secrets, ...this.addedSecrets]));
  }

  private out(text: string): Promise<void> {
    // Both streams on one terminal: never print a JSON line after a half-drawn progress line.
    if (this.options.pretty) this.clearProgress();
    const stream = this.options.stdout;
    const flushed = stream.write(text);
    if (flushed === false && typeof stream.once === 'function') {
      return new Promise((resolve) => {
        stream.once?.('drain', resolve);
      });
    }
    return Promise.resolve();
  }
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/**
 * The progress line on stderr for long work (`events --all`, `list` and `definitions list` for people,
 * `reconcile`): items so far, pages, rate and where it has reached ("seq 1,234"), redrawn in place at
 * most every 200 ms after the first half second, and cleared at the end. Nothing unless stderr is a terminal.
 */
export class Progress {
  private count = 0;
  private pages = 0;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly output: Output,
    private readonly now: () => number = Date.now,
    /** What is counted: "events", "executions", "definitions". */
    private readonly noun = 'events',
    private readonly delayMs = 500,
    private readonly everyMs = 200,
  ) {
    this.started = now();
  }

  /** One page read: `items` on it; `reached` names how far, as "seq 1,234" or a count. */
  add(items: number, reached: number | string): void {
    this.count += items;
    this.pages++;
    const t = this.now();
    if (t - this.started < this.delayMs || t - this.lastDraw < this.everyMs) return;
    this.lastDraw = t;
    const seconds = Math.max((t - this.started) / 1000, 0.001);
    const rate = Math.round(this.count / seconds);
    const where = typeof reached === 'number' ? `seq ${reached.toLocaleString('en-US')}` : reached;
    this.output.progress(
      `${this.count.toLocaleString('en-US')} ${this.noun} so far, ${this.pages.toLocaleString('en-US')} page${this.pages === 1 ? '' : 's'} (${rate.toLocaleString('en-US')}/s${where ? `, ${where}` : ''})...`,
    );
  }

  get total(): number {
    return this.count;
  }

  done(): void {
    this.output.clearProgress();
  }
}
