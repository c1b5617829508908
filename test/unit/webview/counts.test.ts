// Counts in the toolbar, footer, pill and step options: en-US grouping from one shared formatter.
import { strict as assert } from 'node:assert';
import { formatCount, plural } from '../../../src/webview/text';

describe('count formatting', () => {
  it('groups thousands the same way whatever the locale', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(100_003), '100,003');
    assert.equal(formatCount(12_345_678), '12,345,678');
  });

  it('says one or many', () => {
    assert.equal(plural(1, 'event'), '1 event');
    assert.equal(plural(0, 'event'), '0 events');
    assert.equal(plural(2_500, 'empty page'), '2,500 empty pages');
    assert.equal(plural(3, 'entry', 'entries'), '3 entries');
  });
});
