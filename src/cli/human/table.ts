// Aligned tables for a terminal: columns as wide as their widest cell, the flexible column shrinks first
// when the terminal is narrow, and every line is cut to the terminal's width (a table never wraps).
// Cells are plain text measured before colour is added, so escape codes never upset the alignment.
import { displayWidth, fit, pad, paint, type TerminalStyle, type Tone } from './terminal';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Shrinks (down to its header's width) before the line is cut. */
  flexible?: boolean;
  /** Widest this column may be, even on a wide terminal. */
  max?: number;
}

export interface Cell {
  text: string;
  tone?: Tone | undefined;
}

const GAP = 2;

/** Columns the table takes at its natural widths (before any shrinking for the terminal). */
export function tableWidth(columns: readonly Column[], rows: readonly (readonly Cell[])[]): number {
  return naturalWidths(columns, rows).reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1);
}

function naturalWidths(columns: readonly Column[], rows: readonly (readonly Cell[])[]): number[] {
  return columns.map((column, i) =>
    Math.min(
      column.max ?? Number.MAX_SAFE_INTEGER,
      Math.max(column.header.length, ...rows.map((row) => displayWidth(row[i]?.text ?? ''))),
    ),
  );
}

/** Narrowest a column gets before lines are cut: its header, or a few characters of a long header. */
const MIN_COLUMN = 6;

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  style: TerminalStyle,
): string {
  const widths = naturalWidths(columns, rows);
  let total = widths.reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1);
  // The flexible column gives way first, down to its header; then the widest column, a column at a time.
  columns.forEach((column, i) => {
    if (!column.flexible || total <= style.width) return;
    const shrink = Math.min(total - style.width, widths[i]! - column.header.length);
    widths[i]! -= Math.max(0, shrink);
    total -= Math.max(0, shrink);
  });
  const floor = columns.map((column) => Math.min(column.header.length, MIN_COLUMN));
  while (total > style.width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
    total--;
  }
  const line = (cells: readonly Cell[], header: boolean): string => {
    // Cut the plain line to the width, then colour each cell within what is left of it.
    let left = style.width;
    const parts: string[] = [];
    for (let i = 0; i < columns.length && left > 0; i++) {
      const last = i === columns.length - 1;
      const cellWidth = Math.min(widths[i]!, left);
      const text = fit(cells[i]?.text ?? '', cellWidth);
      const padded = last && columns[i]!.align !== 'right' ? text : pad(text, cellWidth, columns[i]!.align);
      parts.push(paint(style, header ? 'bold' : cells[i]?.tone, padded));
      left -= cellWidth + GAP;
    }
    return parts.join(' '.repeat(GAP)).trimEnd();
  };
  const header = line(
    columns.map((c) => ({ text: c.header })),
    true,
  );
  return [header, ...rows.map((row) => line(row, false))].join('\n') + '\n';
}
