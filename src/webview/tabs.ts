// The panel's tab strip (Events | Graph | Timeline), a WAI-ARIA tablist with automatic activation: arrow
// keys move between tabs and select them, Home/End go to the first/last, only the selected tab is in the
// Tab order, and each panel is labelled by its tab. The App owns which tab is selected (ViewState.tab).
import { PANEL_TABS, type PanelTab } from '../panel/protocol';
import { h, setAttr, show } from './dom';

const LABELS: Record<PanelTab, string> = { events: 'Events', graph: 'Graph', timeline: 'Timeline' };

export class TabStrip {
  readonly el = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Execution views' } });
  readonly panels: Record<PanelTab, HTMLElement>;
  private readonly tabs: Record<PanelTab, HTMLButtonElement>;
  private selected: PanelTab | undefined;

  constructor(private readonly select: (tab: PanelTab) => void) {
    const tabs = {} as Record<PanelTab, HTMLButtonElement>;
    const panels = {} as Record<PanelTab, HTMLElement>;
    for (const tab of PANEL_TABS) {
      tabs[tab] = h('button', {
        class: 'tab',
        text: LABELS[tab],
        attrs: { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `view-${tab}` },
        onClick: () => this.select(tab),
      });
      panels[tab] = h('div', {
        class: `view view-${tab}`,
        attrs: { role: 'tabpanel', id: `view-${tab}`, 'aria-labelledby': `tab-${tab}` },
      });
      this.el.append(tabs[tab]);
    }
    this.tabs = tabs;
    this.panels = panels;
    this.el.addEventListener('keydown', (e) => this.onKey(e));
  }

  render(tab: PanelTab): void {
    if (tab === this.selected) return;
    this.selected = tab;
    for (const t of PANEL_TABS) {
      const on = t === tab;
      setAttr(this.tabs[t], 'aria-selected', on ? 'true' : 'false');
      setAttr(this.tabs[t], 'tabindex', on ? 0 : -1);
      this.tabs[t].classList.toggle('selected', on);
      show(this.panels[t], on);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const index = PANEL_TABS.indexOf(this.selected ?? 'events');
    const last = PANEL_TABS.length - 1;
    const target =
      e.key === 'ArrowRight'
        ? (index + 1) % PANEL_TABS.length
        : e.key === 'ArrowLeft'
          ? (index + last) % PANEL_TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (target < 0) return;
    e.preventDefault();
    const tab = PANEL_TABS[target]!;
    this.select(tab);
    this.tabs[tab].focus();
  }
}
