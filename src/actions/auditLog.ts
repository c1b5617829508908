// The action history file: JSON Lines, append-only, in the extension's global storage. Appends are
// serialised so two writes never interleave within a line. Node built-ins only.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export const AUDIT_FILE_NAME = 'action-history.jsonl';

export class AuditLog {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly filePath: string) {}

  /** Appends one line (a newline is added); resolves once it is on disk, rejects if it could not be written. */
  append(line: string): Promise<void> {
    const write = this.tail.then(async () => {
      await fs.mkdir(path.dirname(this.filePath), { recursive: true });
      await fs.appendFile(this.filePath, `${line}\n`, { encoding: 'utf8', mode: 0o600 });
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** The whole history, or '' when nothing was written yet. */
  async read(): Promise<string> {
    await this.tail;
    try {
      return await fs.readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }
}
