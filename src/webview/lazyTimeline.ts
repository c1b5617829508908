// Entry of dist/webviewTimeline.js: run the first time the Timeline tab is shown (lazyViews.ts), it registers the view.
import { registerView } from './lazyViews';
import { mountTimeline } from './timeline';

registerView('timeline', mountTimeline);
