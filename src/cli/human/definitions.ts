// `definitions list` and `definitions get` for people: definitions as an aligned table; one definition as
// a summary with its nodes (type, reviewers) and how many edges and parallel groups join them.
import type { DefinitionView } from '../../api';
import { formatRelative } from '../../util/format';
import { renderTable, type Column } from './table';
import { fit, inert, paint, type TerminalStyle } from './terminal';

const COLUMNS: readonly Column[] = [
  { header: 'DEFINITION', max: 40 },
  { header: 'NAME', flexible: true, max: 50 },
  { header: 'VERSION', align: 'right' },
  { header: 'STATUS' },
  { header: 'NODES', align: 'right' },
  { header: 'UPDATED', align: 'right' },
];

export function definitionsTable(items: readonly DefinitionView[], style: TerminalStyle): string {
  if (items.length === 0) return 'No definitions.\n';
  const now = style.now();
  return renderTable(
    COLUMNS,
    items.map((d) => [
      { text: inert(d.definitionId) },
      { text: inert(d.name) },
      { text: `v${d.version}` },
      { text: inert(d.status), tone: d.status === 'active' ? 'good' : 'muted' },
      { text: String(d.nodes.length) },
      { text: d.updatedAt === null ? '—' : formatRelative(d.updatedAt, now) },
    ]),
    style,
  );
}

export function definitionSummary(d: DefinitionView, style: TerminalStyle): string {
  const lines = [
    `${paint(style, 'bold', fit(inert(d.definitionId), style.width - 20))}  v${d.version}  ${paint(style, d.status === 'active' ? 'good' : 'muted', inert(d.status))}`,
    ...(d.name ? [fit(`Name        ${inert(d.name)}`, style.width)] : []),
    ...(d.description ? [fit(`Description ${inert(d.description)}`, style.width)] : []),
    ...(d.tags.length > 0 ? [fit(`Tags        ${d.tags.map(inert).join(', ')}`, style.width)] : []),
    fit(
      `Graph       ${d.nodes.length} node${d.nodes.length === 1 ? '' : 's'}, ${d.edges.length} edge${d.edges.length === 1 ? '' : 's'}, ${d.groups.length} parallel group${d.groups.length === 1 ? '' : 's'}`,
      style.width,
    ),
    '',
    'Nodes',
    ...(d.nodes.length === 0 ? ['  (none)'] : []),
    ...d.nodes.map((node) => {
      const reviewers = node.reviewers.map((r) => `${inert(r.userId)}${r.mandatory ? ' (mandatory)' : ''}`).join(', ');
      return fit(
        `  ${inert(node.nodeId)}  ${inert(node.type)}${reviewers ? ` · reviewers ${reviewers}` : ''}`,
        style.width,
      );
    }),
  ];
  if (d.skipped > 0) lines.push('', `${d.skipped} item${d.skipped === 1 ? '' : 's'} could not be read (see --json).`);
  return `${lines.join('\n')}\n`;
}
