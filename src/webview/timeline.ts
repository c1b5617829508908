// The Timeline tab. This module is the hook point the timeline view replaces (branch h/timeline): the App
// calls mountTimeline once with the tab's container, then render() on every frame while the tab is shown.
// Until it lands, the tab says what it is waiting for, from the same state the other views read.
import { h, setText } from './dom';
import type { ViewState } from './viewState';

export interface StepSelection {
  /** Select a step (the event stream filters to it); null clears the selection. */
  selectStep(stepId: string | null): void;
}

export interface TimelineView {
  render(state: ViewState): void;
}

export function mountTimeline(container: HTMLElement, _handlers: StepSelection): TimelineView {
  const note = h('p', { class: 'view-note muted' });
  container.replaceChildren(note);
  return {
    render: (s) =>
      setText(
        note,
        s.execution === null
          ? 'Loading…'
          : `${s.execution.steps.length} step${s.execution.steps.length === 1 ? '' : 's'} — the timeline is drawn by a later version.`,
      ),
  };
}
