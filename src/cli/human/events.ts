// `events` for people: one line per event (seq, local time, type, step, the panel's one-line summary),
// in fixed columns so lines streamed page by page (--all, --follow) stay aligned. Lines are cut to the
// terminal's width, never wrapped.
import type { ExecutionEvent } from '../../api';
import { UNREADABLE_EVENT_TYPE } from '../../api/schemas';
import { eventKind, stepLabel, summarize, type EventKind } from '../../util/eventSummary';
import { formatLocal } from '../../util/format';
import { fit, inert, pad, paint, type TerminalStyle, type Tone } from './terminal';

const SEQ = 6;
const TYPE = 22;
const GAP = '  ';
/** From this width the time column carries the date and the step column is wider. */
const WIDE = 140;

const KIND_TONES: Partial<Record<EventKind, Tone>> = {
  start: 'active',
  success: 'good',
  failure: 'bad',
  warning: 'warn',
  waiting: 'warn',
  cancel: 'muted',
  unreadable: 'bad',
};

/** The column headings, as the first line of a listing. */
export function eventHeader(style: TerminalStyle): string {
  return paint(style, 'bold', fit(columns('SEQ', 'TIME', 'TYPE', 'STEP', 'SUMMARY', style), style.width)) + '\n';
}

/** One event; `nodeIds` maps step ids to node ids when the execution is known (the step id's own node otherwise). */
export function eventLine(
  event: ExecutionEvent,
  style: TerminalStyle,
  nodeIds: ReadonlyMap<string, string> = new Map(),
): string {
  // An unreadable event's type may be the placeholder "unreadable" itself.
  const type = event.unreadable && event.type !== UNREADABLE_EVENT_TYPE ? `${event.type} (unreadable)` : event.type;
  const text = columns(
    String(event.seq),
    timeText(event.timestamp, style),
    inert(type),
    inert(stepLabel(event.stepId, nodeIds)),
    inert(summarize(event)),
    style,
  );
  const tone = KIND_TONES[event.unreadable ? 'unreadable' : eventKind(event.type)];
  return `${paint(style, tone, fit(text, style.width))}\n`;
}

/** Local time; the date too on a wide terminal (a run's events usually share a day). */
function timeText(at: number, style: TerminalStyle): string {
  if (!Number.isFinite(at) || at <= 0) return '—';
  const local = formatLocal(at, 's');
  return style.width >= WIDE ? local : local.slice(11);
}

function columns(seq: string, time: string, type: string, step: string, summary: string, style: TerminalStyle): string {
  // Fixed columns so streamed lines align; the summary takes whatever is left and is cut at the edge.
  const wide = style.width >= WIDE;
  const timeWidth = wide ? 19 : 8;
  const stepWidth = wide ? 24 : style.width >= 100 ? 16 : 12;
  const typeWidth = style.width >= 100 ? TYPE : 16;
  return [
    pad(fit(seq, SEQ), SEQ, 'right'),
    pad(fit(time, timeWidth), timeWidth),
    pad(fit(type, typeWidth), typeWidth),
    pad(fit(step, stepWidth), stepWidth),
    summary,
  ].join(GAP);
}

/** After one page: how to read on from where it stopped. */
export function pageFooter(
  page: { nextCursor: number | null; hasMore: boolean; count: number },
  executionId: string,
  program: string,
): string {
  if (!page.hasMore || page.nextCursor === null) return page.count === 0 ? 'No events.\n' : '';
  return `More events: ${program} events ${executionId} --since ${page.nextCursor} (or --all)\n`;
}
