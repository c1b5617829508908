// After a reload a background panel is revived only when shown; until then its tab is recognised by
// the title the extension gave it, so opening the execution again replaces that tab instead of adding one.
import { strict as assert } from 'node:assert';
import { isPanelTitleOf, panelTitle } from '../../../src/panel/payload';

const ID = 'exec_1793516400117_lwofay3k';

describe('recognising a restored panel tab', () => {
  it('matches both title forms of the same execution', () => {
    assert.ok(isPanelTitleOf(panelTitle(ID, undefined), ID));
    assert.ok(isPanelTitleOf(panelTitle(ID, 'doc-signoff'), ID));
    assert.ok(isPanelTitleOf(panelTitle(ID, 'a · b'), ID));
  });

  it('does not match another execution or another title', () => {
    assert.ok(!isPanelTitleOf(panelTitle('exec_1793516400117_other123', 'doc-signoff'), ID));
    assert.ok(!isPanelTitleOf('lwofay3k', ID));
    assert.ok(!isPanelTitleOf('README.md', ID));
  });
});
