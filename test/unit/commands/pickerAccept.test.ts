// Open Execution's Enter: the row VS Code accepts can be the first row of the list before the last
// keystroke reached the host; the typed id must win over such a stale row.
import { strict as assert } from 'node:assert';
import { acceptedExecutionId } from '../../../src/commands/pickerItems';

const TYPED = 'exec_1793664000178_l00pr3j1';
const PREVIOUS = 'exec_1793516400117_lwofay3k';
const PINNED = 'exec_1777374504255_xzy43k9q';

describe('commands/pickerItems acceptedExecutionId', () => {
  it('opens the typed id when the accepted row is the previous value’s (Enter before the host re-listed)', () => {
    assert.equal(acceptedExecutionId(TYPED, PREVIOUS), TYPED);
    assert.equal(acceptedExecutionId(`  https://console.velt.dev/executions/${TYPED}\n`, PREVIOUS), TYPED);
  });

  it('opens the chosen row when it is one of the ids in the text (pasted text with several ids)', () => {
    assert.equal(acceptedExecutionId(`${PREVIOUS} then ${TYPED}`, TYPED), TYPED);
    assert.equal(acceptedExecutionId(TYPED, TYPED), TYPED);
  });

  it('opens a pinned or recent row chosen by filtering (the text holds no valid id)', () => {
    assert.equal(acceptedExecutionId('contract', PINNED), PINNED);
    assert.equal(acceptedExecutionId('', PINNED), PINNED);
  });

  it('falls back to the typed id without a row, and to nothing when there is neither', () => {
    assert.equal(acceptedExecutionId(TYPED, undefined), TYPED);
    assert.equal(acceptedExecutionId('exec_17937', undefined), undefined);
  });
});
