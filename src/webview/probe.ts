// The answer to the host's `probe`: what the webview holds and shows (integration tests, diagnostics).
import { GRAPH_BOUNDS, type PanelTab, type ProbeStats } from '../panel/protocol';

/** Elements the webview never creates itself (its icons and the Graph tab's canvas aside): finding one means data became markup. */
const FOREIGN =
  '#app img, #app iframe, #app object, #app embed, #app a, #app script, #app link, #app form, #app svg:not(.icon):not(.graph), #app style, #app video, #app audio';

export interface ProbeSources {
  received: number;
  filtered: number;
  rowCount: number;
  list: HTMLElement;
  detailText: string | null;
  graphText: string | null;
  empty: HTMLElement;
  footer: HTMLElement;
  mountedViews: PanelTab[];
}

export function probeStats(s: ProbeSources): ProbeStats {
  const foreign = [...document.querySelectorAll(FOREIGN)];
  const rows = [...s.list.querySelectorAll('.row')].slice(0, 50);
  return {
    received: s.received,
    filtered: s.filtered,
    domRows: s.rowCount,
    domElements: document.getElementsByTagName('*').length,
    foreignElements: foreign.length,
    foreignTags: foreign
      .slice(0, 50)
      .map((el) =>
        `${el.tagName.toLowerCase()}${el.parentElement ? ` in ${el.parentElement.tagName.toLowerCase()}` : ''}`.slice(
          0,
          200,
        ),
      ),
    scriptRan: Boolean((window as unknown as Record<string, unknown>)['__veltPwned']),
    firstRowTexts: rows.map((r) => (r.textContent ?? '').slice(0, 20_000)),
    detailText: s.detailText?.slice(0, 300_000) ?? null,
    graphNodes: [...document.querySelectorAll('#app svg.graph .node > title')]
      .slice(0, GRAPH_BOUNDS.nodes)
      .map((title) => (title.textContent ?? '').slice(0, GRAPH_BOUNDS.text)),
    mountedViews: s.mountedViews,
    graphText: s.graphText?.slice(0, 300_000) ?? null,
    stateText: `${s.empty.hidden ? '' : (s.empty.textContent ?? '')} | ${s.footer.textContent ?? ''}`.slice(0, 5000),
  };
}
