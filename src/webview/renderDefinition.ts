// The header of a definition's graph drawn without a run (Show Definition Graph): the definition's name,
// version and node count, its id and environment, and why the graph is missing when it could not be read.
// Re-rendered only when the host sends a new `definition` message.
import type { PanelDefinition, PanelError } from '../panel/protocol';
import { h, show } from './dom';
import { oneLine, plural } from './text';

export interface DefinitionShown {
  environment: string;
  definition: PanelDefinition;
  error: PanelError | null;
}

export class DefinitionHeaderView {
  readonly el = h('header', { class: 'header definition-header', attrs: { 'aria-label': 'Definition' } });
  private readonly title = h('div', { class: 'title-row' });
  private readonly meta = h('dl', { class: 'meta' });
  private readonly failure = h('div', { class: 'failure', attrs: { role: 'alert' } });
  private shown: DefinitionShown | undefined;

  constructor() {
    this.el.append(
      h('div', { class: 'header-top' }, [this.title]),
      this.meta,
      h('p', {
        class: 'definition-note muted',
        text: 'The definition without a run: nodes, edges and groups as declared. Open an execution to see where a run is.',
      }),
      this.failure,
    );
  }

  render(shown: DefinitionShown): void {
    if (shown === this.shown) return;
    this.shown = shown;
    const { definition: d, environment, error } = shown;
    const name = d.name || d.definitionId;
    const title: Node[] = [h('h1', { class: 'definition', text: oneLine(name, 120), title: name })];
    if (d.version !== null) title.push(h('span', { class: 'version', text: `v${d.version}` }));
    if (d.nodes !== null) title.push(h('span', { class: 'muted', text: plural(d.nodes, 'node') }));
    this.title.replaceChildren(...title);
    const item = (label: string, value: string): Node =>
      h('div', { class: 'meta-item' }, [
        h('dt', { text: label }),
        h('dd', { class: 'mono', title: value }, [h('span', { text: oneLine(value, 160) })]),
      ]);
    this.meta.replaceChildren(item('Definition', d.definitionId), item('Environment', environment));
    show(this.failure, error !== null);
    this.failure.replaceChildren(
      ...(error
        ? [
            h('strong', { text: 'The definition could not be read.' }),
            h('span', { text: ` ${oneLine(error.message, 1000)}` }),
          ]
        : []),
    );
  }
}
