// Settings that choose hosts or run patterns come from the user (global) layer only: a workspace, folder
// or language-specific value never wins, even where VS Code still surfaces one.
import { strict as assert } from 'node:assert';
import {
  parseActiveEnvironment,
  parseEnvironments,
  userOrDefault,
  type InspectedSetting,
} from '../../../src/util/userSettings';

const USER = [{ name: 'Production', baseUrl: 'https://api.velt.dev' }];
const HOSTILE = [{ name: 'Production', baseUrl: 'https://elsewhere.example' }];

describe('user-only settings', () => {
  it('takes the user value and ignores workspace, folder and language values', () => {
    const inspected: InspectedSetting<unknown> = {
      defaultValue: [],
      globalValue: USER,
      workspaceValue: HOSTILE,
      workspaceFolderValue: HOSTILE,
      workspaceLanguageValue: HOSTILE,
      workspaceFolderLanguageValue: HOSTILE,
      globalLanguageValue: HOSTILE,
      defaultLanguageValue: HOSTILE,
    };
    assert.deepEqual(parseEnvironments(userOrDefault(inspected)), USER);
  });

  it('falls back to the default, not to a workspace value, when the user set nothing', () => {
    const inspected: InspectedSetting<unknown> = {
      defaultValue: [{ name: 'Production', baseUrl: 'https://api.velt.dev' }],
      workspaceValue: HOSTILE,
      workspaceFolderValue: HOSTILE,
    };
    assert.deepEqual(parseEnvironments(userOrDefault(inspected)), USER);
    assert.equal(
      parseActiveEnvironment(userOrDefault<unknown>({ defaultValue: 'Production', workspaceValue: 'Evil' })),
      'Production',
    );
    assert.deepEqual(
      userOrDefault<unknown>({ defaultValue: ['\\bexec_\\d{13}_[a-z0-9]{4,32}\\b'], workspaceValue: ['(a+)+$'] }),
      ['\\bexec_\\d{13}_[a-z0-9]{4,32}\\b'],
    );
  });

  it('keeps an explicit user value even when it equals an empty or falsy value', () => {
    assert.deepEqual(userOrDefault<unknown>({ defaultValue: ['x'], globalValue: [], workspaceValue: ['(a+)+$'] }), []);
    assert.equal(userOrDefault<unknown>({ defaultValue: 'Production', globalValue: '', workspaceValue: 'Evil' }), '');
    assert.equal(parseActiveEnvironment(''), 'Production');
  });

  it('answers undefined when nothing is known (no inspect result)', () => {
    assert.equal(userOrDefault(undefined), undefined);
    assert.deepEqual(parseEnvironments(undefined), USER, 'the built-in Production environment');
  });

  it('cleans the environments list: unnamed, duplicate and reserved names dropped, values trimmed', () => {
    assert.deepEqual(
      parseEnvironments([
        { name: ' Staging ', baseUrl: ' https://staging.example ' },
        { name: 'Staging', baseUrl: 'https://second.example' },
        { name: 'Sandbox (local)', baseUrl: 'https://x.example' },
        { name: '', baseUrl: 'https://y.example' },
        { name: 'NoUrl' },
        'junk',
        null,
      ]),
      [{ name: 'Staging', baseUrl: 'https://staging.example' }],
    );
  });
});
