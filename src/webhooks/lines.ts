// Splits a byte stream into lines without ever holding the whole file: each line is decoded once, on its own,
// and a line longer than the cap is dropped as it streams (reported as too long) instead of being buffered.

/** One line of the input: its 1-based number and text, or `tooLong` when it passed the cap (text is then ''). */
export interface Line {
  number: number;
  text: string;
  tooLong: boolean;
}

/** A ledger line is one webhook body; 1 MiB is far above any delivery and keeps one bad line from filling memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  let pieces: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): Line => {
    number++;
    const line: Line = tooLong
      ? { number, text: '', tooLong: true }
      : { number, text: decode(pieces, size), tooLong: false };
    pieces = [];
    size = 0;
    tooLong = false;
    return line;
  };
  const keep = (part: Buffer): void => {
    if (tooLong || part.length === 0) return;
    if (size + part.length > maxLineBytes) {
      tooLong = true;
      pieces = [];
      size = 0;
      return;
    }
    pieces.push(part);
    size += part.length;
  };
  for await (const chunk of chunks) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE, start); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      keep(bytes.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    // Copied: the stream may reuse its buffer for the next chunk.
    if (start < bytes.length) keep(Buffer.from(bytes.subarray(start)));
  }
  if (size > 0 || tooLong) yield finish();
}

function decode(pieces: Buffer[], size: number): string {
  const text = pieces.length === 1 ? pieces[0]!.toString('utf8') : Buffer.concat(pieces, size).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
