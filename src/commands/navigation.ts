// Getting to an execution from anywhere: the hover and links on execution ids in editors and the
// terminal, the vscode:// deep-link handler, and Copy Link. registerNavigation wires them once.
import * as vscode from 'vscode';
import { parseExecutionId } from '../api';
import { ExecutionHoverProvider } from '../hover/executionHover';
import { EXTENSION_ID, RAW_JSON_SCHEME } from '../ids';
import { buildDeepLink } from '../links/deepLink';
import { ExecutionDocumentLinks, ExecutionTerminalLinks, type LinkSettings } from '../links/documentLinks';
import { DeepLinkHandler } from '../links/uriHandler';
import { logger } from '../log';
import { IdPatternCache } from '../util/idMatcher';
import type { CommandDeps } from './deps';
import { pickExecutionId } from './executionPicker';
import { executionIdFromArg } from './openExecution';

const log = logger('navigation');

/** Where ids get hovers and links: files, untitled buffers, output, remote and git documents, notebooks, our raw JSON. */
export const ID_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { scheme: 'vscode-notebook-cell' },
  { scheme: 'output' },
  { scheme: 'git' },
  { scheme: RAW_JSON_SCHEME },
];

export interface NavigationFeature extends vscode.Disposable {
  /** The URI handler, exposed so integration tests can hand it links (and answer its questions). */
  readonly deepLinks: DeepLinkHandler;
  /** The terminal link provider (the API offers no way to ask a terminal for its links). */
  readonly terminalLinks: ExecutionTerminalLinks;
}

export function registerNavigation(deps: CommandDeps): NavigationFeature {
  const patterns = new IdPatternCache((error) =>
    log.warn(`Ignoring a "velt.hover.idPatterns" entry ${JSON.stringify(error.source)}: ${error.reason}`),
  );
  const matcher = () => patterns.get(deps.config.hoverIdPatterns);
  // Report invalid patterns soon after startup rather than on the first hover, but off the activation path
  // (checking a pattern for backtracking risk is the costliest thing activation used to do after settings).
  const startupCheck = setTimeout(matcher, 0);
  const linkSettings = (): LinkSettings => ({ enabled: deps.config.linksEnabled, matcher: matcher() });
  const hover = new ExecutionHoverProvider({
    settings: () => ({
      enabled: deps.config.hoverEnabled,
      disabledLanguages: deps.config.hoverDisabledLanguages,
      matcher: matcher(),
    }),
    environments: deps.environments,
    store: deps.store,
    pins: deps.pins,
    actionsEnabled: () => deps.actions.isEnabled(),
  });
  const deepLinks = new DeepLinkHandler(deps.environments);
  const terminalLinks = new ExecutionTerminalLinks(linkSettings);
  const registrations = [
    vscode.languages.registerHoverProvider(ID_DOCUMENT_SELECTOR, hover),
    vscode.languages.registerDocumentLinkProvider(ID_DOCUMENT_SELECTOR, new ExecutionDocumentLinks(linkSettings)),
    vscode.window.registerTerminalLinkProvider(terminalLinks),
    vscode.window.registerUriHandler(deepLinks),
  ];
  return {
    deepLinks,
    terminalLinks,
    dispose: () => {
      clearTimeout(startupCheck);
      for (const r of registrations) r.dispose();
    },
  };
}

/**
 * Copies a link that opens the execution in the active environment (tree node, id or picker), for the
 * editor that runs the extension: its scheme is env.uriScheme (vscode, vscode-insiders, cursor, …).
 */
export function copyLink(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const given = executionIdFromArg(arg);
    const chosen = given ?? (await pickExecutionId(deps, undefined, 'Copy Link'));
    if (!chosen) return undefined;
    const parsed = parseExecutionId(chosen);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(parsed.reason);
      return undefined;
    }
    const link = buildDeepLink(vscode.env.uriScheme, EXTENSION_ID, parsed.executionId, deps.environments.active.name);
    await vscode.env.clipboard.writeText(link);
    vscode.window.setStatusBarMessage(`$(link) Copied a link to ${parsed.executionId}`, 4000);
    return link;
  };
}
