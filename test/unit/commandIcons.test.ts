// The same action wears the same codicon everywhere: every contributed command has one, and the hover's
// action links use the icon of the command they run (pin is $(pin), unpin $(pinned), as in the tree's
// inline actions, which VS Code draws from these contributions).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecutionView } from '../../src/api';
import { buildHoverMarkdown } from '../../src/hover/hoverContent';
import { Commands } from '../../src/ids';

interface Contributed {
  command: string;
  icon?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { commands: Contributed[] };
};
const iconOf = new Map(manifest.contributes.commands.map((c) => [c.command, c.icon]));

const execution: ExecutionView = {
  executionId: 'exec_1793516400117_lwofay3k',
  status: 'running',
  startedAt: 1_793_516_400_117,
  completedAt: null,
  cancelledAt: null,
  definitionId: 'doc-signoff',
  definitionVersion: 1,
  correlationId: null,
  idempotencyKey: null,
  failureReason: null,
  steps: [],
};

/** [codicon, command] of every `[$(icon) Label](command:id…)` link. */
function iconLinks(markdown: string): [string, string][] {
  return [...markdown.matchAll(/\[\$\(([\w~-]+)\)[^\]]*\]\(command:([\w.]+)/g)].map((m) => [m[1]!, m[2]!]);
}

describe('codicons for actions', () => {
  it('every contributed command has an icon', () => {
    assert.deepEqual(
      manifest.contributes.commands.filter((c) => !c.icon).map((c) => c.command),
      [],
    );
  });

  it('pin and unpin use the pin codicons', () => {
    assert.equal(iconOf.get(Commands.pinExecution), '$(pin)');
    assert.equal(iconOf.get(Commands.unpinExecution), '$(pinned)');
  });

  for (const pinned of [false, true]) {
    it(`the hover's action links use their command's icon (${pinned ? 'pinned' : 'not pinned'})`, () => {
      const links = iconLinks(
        buildHoverMarkdown({
          kind: 'execution',
          executionId: execution.executionId,
          environment: 'Sandbox',
          execution,
          pinned,
          now: 1_793_516_500_000,
        }),
      );
      assert.ok(links.length >= 4, `found the links: ${JSON.stringify(links)}`);
      for (const [icon, command] of links) assert.equal(`$(${icon})`, iconOf.get(command), command);
    });
  }
});
