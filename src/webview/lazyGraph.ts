// Entry of dist/webviewGraph.js: run the first time the Graph tab is shown (lazyViews.ts), it registers the view.
import { GraphView } from './graph';
import { registerView } from './lazyViews';

registerView('graph', (container, handlers) => new GraphView(container, handlers));
