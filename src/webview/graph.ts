// The Graph tab: SVG drawn from the coordinates the host laid out (text through textContent only, colours
// from the theme via panel.css). A new layout rebuilds the drawing; a status update only restyles it.
// Nodes are buttons in layout order (Tab, Enter/Space selects); the view fits, zooms (+/-, wheel) and pans
// (arrow keys, drag); 0 fits again. A selected node offers the header's write actions for its steps (Approve…,
// Reject…), as buttons under the graph, and shows its steps (times, error, output) under them (nodeDetail.ts).
import type { GraphLayout, GraphStatus, PanelWriteAction, PanelWriteOffer } from '../panel/protocol';
import { stepStatusWord } from '../util/format';
import { button, h, setAttr, setText, show } from './dom';
import { NodeDetailView } from './nodeDetail';
import { oneLine } from './text';
import type { ViewState } from './viewState';

const NS = 'http://www.w3.org/2000/svg';
const GLYPHS: Record<string, string> = { agent: '◆', human: '●', notification: '✉', webhook: '⇄' };
/** Status words become class names only from this alphabet (anything else reads as "other"). */
const statusClass = (status: string | null): string =>
  status === null ? 'unreached' : /^[a-z-]{1,20}$/.test(status) ? `s-${status}` : 's-other';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface GraphHandlers {
  /** A node was chosen: its steps (latest last). */
  selectNode(nodeId: string, stepIds: readonly string[]): void;
  load(): void;
  /** Ask the host for a node's steps with their output (chosen, or highlighted from an event). */
  loadNodeDetail(nodeId: string): void;
  /** A write offered for one of the selected node's steps (the host asks before anything is sent). */
  writeAction(action: PanelWriteAction, stepId: string): void;
}

interface Drawn {
  g: SVGGElement;
  note: SVGTextElement;
}

export class GraphView {
  private readonly banner = h('p', { class: 'graph-banner' });
  private readonly note = h('p', { class: 'view-note muted' });
  private readonly canvas = svg('svg', { class: 'graph', role: 'group', 'aria-label': 'Execution graph', tabindex: 0 });
  private readonly stage = svg('g');
  private readonly info = h('p', { class: 'graph-info muted', attrs: { 'aria-live': 'polite' } });
  private readonly actions = h('div', { class: 'graph-actions' });
  private readonly detail = new NodeDetailView();
  /** The node whose steps were last asked for (the host keeps them current after that). */
  private detailAsked: string | null = null;
  private shownActions = '';
  private readonly nodes = new Map<string, Drawn>();
  private readonly edges = new Map<string, SVGGElement>();
  private readonly groupNotes = new Map<string, SVGTextElement>();
  private layout: GraphLayout | null = null;
  private status: GraphStatus | null = null;
  private selected: string | null = null;
  private view = { x: 0, y: 0, w: 1, h: 1 };
  private drag: { x: number; y: number } | null = null;
  /** The view is fitted (not zoomed or panned since): it fits again when the canvas changes size. */
  private fitted = true;

  constructor(
    readonly el: HTMLElement,
    private readonly handlers: GraphHandlers,
  ) {
    this.canvas.append(this.stage);
    const tools = h('div', { class: 'graph-tools' }, [
      button('Fit', () => this.fit(), { title: 'Fit the graph (0)' }),
      button('', () => this.zoom(0.8), { glyph: '+', title: 'Zoom in (+)' }),
      button('', () => this.zoom(1.25), { glyph: '−', title: 'Zoom out (-)' }),
    ]);
    el.append(this.banner, this.note, tools, this.canvas, this.info, this.actions, this.detail.el);
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    // The canvas shrinks when a node's steps open under it, and changes with the window.
    new ResizeObserver(() => {
      if (this.fitted) this.fit();
    }).observe(this.canvas);
    this.canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.zoom(e.deltaY < 0 ? 0.9 : 1.1);
    });
    this.canvas.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('.node')) return;
      this.drag = { x: e.clientX, y: e.clientY };
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      const scale = this.view.w / Math.max(1, this.canvas.clientWidth);
      this.pan((this.drag.x - e.clientX) * scale, (this.drag.y - e.clientY) * scale);
      this.drag = { x: e.clientX, y: e.clientY };
    });
    const stop = () => (this.drag = null);
    this.canvas.addEventListener('pointerup', stop);
    this.canvas.addEventListener('pointerleave', stop);
  }

  /** `selectedStep`: the step of the event selected in the stream, whose node is highlighted. */
  render(s: ViewState, selectedStep: string | null): void {
    if (!s.graph.requested && s.execution) this.handlers.load();
    const { layout, status, error } = s.graph;
    setText(
      this.note,
      error ? `The graph could not be drawn: ${error.message} Open the Graph tab again to retry.` : 'Loading…',
    );
    show(this.note, !layout || error !== null);
    show(this.canvas as unknown as HTMLElement, layout !== null);
    if (layout !== this.layout) this.draw(layout);
    if (status !== this.status && status) this.restyle(status);
    setText(this.banner, status?.banner ?? '');
    show(this.banner, !!status?.banner);
    this.highlight(selectedStep !== null ? (s.nodeIds.get(selectedStep) ?? this.selected) : this.selected, s);
  }

  private draw(layout: GraphLayout | null): void {
    this.layout = layout;
    this.status = null;
    this.detailAsked = null;
    this.nodes.clear();
    this.edges.clear();
    this.groupNotes.clear();
    this.stage.replaceChildren();
    if (!layout) return;
    for (const group of layout.groups) {
      const note = svg('text', { class: 'group-note', x: group.x - group.w / 2 + 6, y: group.y - group.h / 2 + 14 });
      this.groupNotes.set(group.id, note);
      const g = svg('g', { class: 'group' });
      g.append(
        svg('rect', { x: group.x - group.w / 2, y: group.y - group.h / 2, width: group.w, height: group.h, rx: 6 }),
        note,
      );
      note.append(svg('tspan', {}, group.label));
      note.append(svg('tspan', { class: 'group-progress', dx: 8 }));
      this.stage.append(g);
    }
    for (const edge of layout.edges) {
      const p = edge.points;
      const g = svg('g', { class: edge.back ? 'edge back' : 'edge' });
      g.append(svg('polyline', { points: p.join(' ') }));
      if (edge.on && p.length >= 4) {
        const mid = Math.floor(p.length / 4) * 2;
        g.append(svg('text', { class: 'edge-label', x: p[mid]! + 4, y: p[mid + 1]! - 3 }, edge.on));
      }
      this.edges.set(edge.id, g);
      this.stage.append(g);
    }
    for (const n of layout.nodes) {
      const g = svg('g', {
        class: 'node unreached',
        tabindex: 0,
        role: 'button',
        'aria-label': `${n.label} (${n.type})`,
      });
      const x = n.x - n.w / 2;
      const y = n.y - n.h / 2;
      const note = svg('text', { class: 'node-note', x: x + n.w - 6, y: y + n.h - 8, 'text-anchor': 'end' });
      const title = svg('title', {}, n.id);
      g.append(
        title,
        svg('rect', { x, y, width: n.w, height: n.h, rx: 4 }),
        svg('text', { class: 'node-glyph', x: x + 8, y: y + 18 }, GLYPHS[n.type] ?? '■'),
        svg(
          'text',
          { class: 'node-label', x: x + 24, y: y + 18 },
          n.label.length > 24 ? `${n.label.slice(0, 23)}…` : n.label,
        ),
        svg('text', { class: 'node-status', x: x + 24, y: y + 34 }),
        note,
      );
      const choose = () => this.choose(n.id);
      g.addEventListener('click', choose);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          choose();
        }
      });
      this.nodes.set(n.id, { g, note });
      this.stage.append(g);
    }
    this.fit();
  }

  private restyle(status: GraphStatus): void {
    this.status = status;
    for (const n of status.nodes) {
      const drawn = this.nodes.get(n.id);
      if (!drawn) continue;
      setAttr(
        drawn.g,
        'class',
        `node ${statusClass(n.status)}${n.uncertain ? ' uncertain' : ''}${n.id === this.selected ? ' selected' : ''}`,
      );
      setText(drawn.g.querySelector('.node-status')!, n.status ?? 'not reached');
      setText(drawn.note, n.note ?? '');
    }
    const fired = new Set(status.fired);
    const uncertain = new Set(status.uncertainEdges);
    for (const [id, g] of this.edges) {
      g.classList.toggle('fired', fired.has(id));
      g.classList.toggle('uncertain', uncertain.has(id));
    }
    for (const group of status.groups) {
      const note = this.groupNotes.get(group.id);
      if (note) setText(note.lastChild as Element, group.note);
    }
  }

  /** What the tab shows as text, one line per part, for the probe: null until a layout is drawn. */
  get text(): string | null {
    if (!this.layout) return null;
    const words = (el: Element): string =>
      [...el.querySelectorAll('text')]
        .map((t) => t.textContent ?? '')
        .filter(Boolean)
        .join(' ');
    const lines = [
      this.banner.hidden ? '' : (this.banner.textContent ?? ''),
      ...[...this.stage.querySelectorAll('.group')].map(words),
      ...[...this.nodes.values()].map((n) => words(n.g)),
      this.info.textContent ?? '',
      this.detail.el.hidden ? '' : (this.detail.el.textContent ?? ''),
    ];
    return lines.filter(Boolean).join('\n');
  }

  /** Chooses a node (a click, Enter, or the host's selectNode): the stream filters to its steps. */
  choose(nodeId: string): void {
    this.selected = nodeId;
    const steps = this.status?.nodes.find((n) => n.id === nodeId)?.stepIds ?? [];
    this.handlers.selectNode(nodeId, steps);
  }

  private highlight(nodeId: string | null, s: ViewState): void {
    for (const [id, drawn] of this.nodes) drawn.g.classList.toggle('selected', id === nodeId);
    if (nodeId !== null && nodeId !== this.detailAsked && this.nodes.has(nodeId)) {
      this.detailAsked = nodeId;
      this.handlers.loadNodeDetail(nodeId);
    }
    const step = nodeId === null ? undefined : s.execution?.steps.filter((st) => st.nodeId === nodeId).at(-1);
    const name = nodeId === null ? '' : oneLine(nodeId, 200);
    setText(
      this.info,
      !nodeId
        ? 'Select a node to filter the events to its steps and see them here.'
        : step
          ? `${name}: ${oneLine(stepStatusWord(step), 100)}`
          : `${name}: not reached in this run`,
    );
    this.renderActions(nodeId, s.writeActions);
    this.detail.render(nodeId, s.nodeDetail, s);
  }

  /** The write offers whose step belongs to the selected node; rebuilt only when they change. */
  private renderActions(nodeId: string | null, offers: readonly PanelWriteOffer[]): void {
    const steps = new Set(nodeId === null ? [] : (this.status?.nodes.find((n) => n.id === nodeId)?.stepIds ?? []));
    const mine = offers.filter(
      (o): o is PanelWriteOffer & { stepId: string } => o.stepId !== null && steps.has(o.stepId),
    );
    const key = mine.map((o) => `${o.action}\u0000${o.stepId}\u0000${o.label}`).join('\u0001');
    if (key === this.shownActions) return;
    this.shownActions = key;
    this.actions.replaceChildren(
      ...mine.map((offer) =>
        button(oneLine(offer.label, 80), () => this.handlers.writeAction(offer.action, offer.stepId), {
          title: `${oneLine(offer.label, 80)} (asks before anything is sent)`,
        }),
      ),
    );
    show(this.actions, mine.length > 0);
  }

  /** The whole graph in view, never magnified past 100 % (a small graph keeps its size, centred, at the top). */
  fit(): void {
    if (!this.layout) return;
    const { width, height } = this.layout;
    const w = Math.max(1, width, this.canvas.clientWidth);
    const h = Math.max(1, height, this.canvas.clientHeight);
    this.setView({ x: (width - w) / 2, y: 0, w, h });
    this.fitted = true;
  }

  private zoom(factor: number): void {
    const v = this.view;
    const w = Math.min(Math.max(v.w * factor, 50), 20_000);
    const hh = (v.h * w) / v.w;
    this.fitted = false;
    this.setView({ x: v.x + (v.w - w) / 2, y: v.y + (v.h - hh) / 2, w, h: hh });
  }

  private pan(dx: number, dy: number): void {
    this.fitted = false;
    this.setView({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  private setView(view: { x: number; y: number; w: number; h: number }): void {
    this.view = view;
    setAttr(this.canvas, 'viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.canvas) return;
    const step = this.view.w / 10;
    const keys: Record<string, () => void> = {
      '+': () => this.zoom(0.8),
      '=': () => this.zoom(0.8),
      '-': () => this.zoom(1.25),
      '0': () => this.fit(),
      ArrowLeft: () => this.pan(-step, 0),
      ArrowRight: () => this.pan(step, 0),
      ArrowUp: () => this.pan(0, -step),
      ArrowDown: () => this.pan(0, step),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  }
}
