// A static check for user regular expressions (`velt.hover.idPatterns`) that can backtrack
// catastrophically. JavaScript cannot interrupt a running RegExp, so a pattern whose cost grows
// exponentially, or polynomially with a high degree, must be refused before it runs. Refused:
//   - a repeated group holding a variable quantifier or an alternation: `(\d+)+`, `(a|ab)*`, `(?:a?b?)+`
//     (the exponential ReDoS shape);
//   - two variable quantifiers that can trade the same characters with nothing mandatory between them
//     to tell them apart: `\d+\d+x`, `.*.*=`, `\w+a\w+$` (cubic and worse on a failing input);
//   - backreferences (`\1`, `\k<name>`).
// Conservative by design: a refused pattern can always be written another way, and the matcher runs
// whatever passes only on short windows (idMatcher.ts), which bounds the quadratic cost that remains.
// The source is assumed to compile with `new RegExp(source)` (no `u` flag, Annex B syntax).

/** Bits 0–127: that ASCII code; bit 128: some non-ASCII character. */
type CharSet = bigint;

interface Group {
  kind: 'group';
  branches: Node[][];
  lookaround: boolean;
}
type Node =
  | { kind: 'char'; set: CharSet }
  | { kind: 'assert' }
  | Group
  | { kind: 'repeat'; node: Node; min: number; max: number; source: string };

interface Item {
  set: CharSet;
  /** Consumes at least one character whenever it matches. */
  mandatory: boolean;
  /** Can match different lengths, so it can trade characters with a neighbour. */
  variable: boolean;
  /** A plain quantifier (not a lookaround) that succeeds at once when nothing follows it. */
  repeat: boolean;
  /** For messages. */
  source: string;
}

class Refused extends Error {}

/** Why `source` could backtrack catastrophically, or undefined when it is safe to run on short windows. */
export function backtrackingRisk(source: string): string | undefined {
  try {
    const top = new Parser(source).parse();
    checkNesting(top);
    checkGroup(top, true);
    return undefined;
  } catch (error) {
    // Anything this small parser did not foresee is refused too: the pattern cannot be vouched for.
    return error instanceof Refused ? error.message : 'uses syntax this check does not understand';
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Group {
    const branches = this.disjunction();
    if (this.pos < this.src.length) throw new Refused(`unbalanced ")" at ${this.pos}`);
    return { kind: 'group', branches, lookaround: false };
  }

  private disjunction(): Node[][] {
    const branches: Node[][] = [[]];
    while (this.pos < this.src.length && this.src[this.pos] !== ')') {
      if (this.src[this.pos] === '|') {
        this.pos++;
        branches.push([]);
        continue;
      }
      branches[branches.length - 1]!.push(this.quantified());
    }
    return branches;
  }

  private quantified(): Node {
    const start = this.pos;
    const atom = this.atom();
    const quantifier = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(this.src.slice(this.pos));
    if (!quantifier) return atom;
    this.pos += quantifier[0].length;
    const [, symbol, low, comma, high] = quantifier;
    const min = symbol ? (symbol === '+' ? 1 : 0) : Number(low);
    const max = symbol ? (symbol === '?' ? 1 : Infinity) : comma ? (high ? Number(high) : Infinity) : min;
    return { kind: 'repeat', node: atom, min, max, source: this.src.slice(start, this.pos) };
  }

  private atom(): Node {
    const src = this.src;
    const start = this.pos;
    const c = src[this.pos]!;
    if (c === '^' || c === '$') {
      this.pos++;
      return { kind: 'assert' };
    }
    if (c === '(') return this.group();
    if (c === '[') {
      this.pos++;
      if (src[this.pos] === '^') this.pos++;
      // `[]` and `[^]` close at once in JavaScript.
      while (this.pos < src.length && src[this.pos] !== ']') this.pos += src[this.pos] === '\\' ? 2 : 1;
      this.pos++;
      return { kind: 'char', set: charSet(src.slice(start, this.pos)) };
    }
    if (c === '\\') return this.escape();
    this.pos++;
    return { kind: 'char', set: charSet(c === '.' ? '.' : src.slice(start, this.pos)) };
  }

  private group(): Group {
    const prefix = /^\((\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/.exec(this.src.slice(this.pos))!;
    this.pos += prefix[0].length;
    const lookaround = prefix[1] !== undefined && /^\?(?:=|!|<=|<!)$/.test(prefix[1]);
    const branches = this.disjunction();
    if (this.src[this.pos] !== ')') throw new Refused('unbalanced "("');
    this.pos++;
    return { kind: 'group', branches, lookaround };
  }

  private escape(): Node {
    const rest = this.src.slice(this.pos);
    if (/^\\[1-9]/.test(rest) || rest.startsWith('\\k<')) throw new Refused('uses a backreference');
    if (/^\\[bB]/.test(rest)) {
      this.pos += 2;
      return { kind: 'assert' };
    }
    const token = /^\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|c[A-Za-z]|0[0-7]{0,2}|[\s\S])/.exec(rest)![0];
    this.pos += token.length;
    return { kind: 'char', set: charSet(token) };
  }
}

const SAMPLES = [...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i))];
const NON_ASCII_SAMPLES = ['\u00a0', '\u00e9', '\u2028', '\u4e2d', '\ufeff', '\ud83d'];
const NON_ASCII = 1n << 128n;
const setCache = new Map<string, CharSet>();

/** The characters one atom (`a`, `\d`, `.`, `[a-z_]`, `\x41`) matches, found by asking the engine itself. */
function charSet(atom: string): CharSet {
  let set = setCache.get(atom);
  if (set !== undefined) return set;
  const regex = new RegExp(`^(?:${atom})$`);
  set = 0n;
  SAMPLES.forEach((ch, code) => {
    if (regex.test(ch)) set! |= 1n << BigInt(code);
  });
  if (NON_ASCII_SAMPLES.some((ch) => regex.test(ch))) set |= NON_ASCII;
  if (setCache.size < 1_000) setCache.set(atom, set);
  return set;
}

function isVariableRepeat(node: Node): boolean {
  return node.kind === 'repeat' && node.min < node.max;
}

/** A quantifier with a variable count or an alternation anywhere inside `node` (lookarounds included). */
function hasChoice(node: Node): boolean {
  switch (node.kind) {
    case 'repeat':
      return isVariableRepeat(node) || hasChoice(node.node);
    case 'group':
      return node.branches.length > 1 || node.branches.some((b) => b.some(hasChoice));
    default:
      return false;
  }
}

/** Exponential shape: a group that repeats and can match the same text in more than one way per round. */
function checkNesting(node: Node): void {
  if (node.kind === 'repeat') {
    if (node.max > 1 && hasChoice(node.node)) throw new Refused(`nested quantifier "${quote(node.source)}"`);
    checkNesting(node.node);
  } else if (node.kind === 'group') {
    for (const branch of node.branches) branch.forEach(checkNesting);
  }
}

function union(nodes: readonly Node[]): CharSet {
  let set = 0n;
  for (const node of nodes) {
    if (node.kind === 'char') set |= node.set;
    else if (node.kind === 'repeat') set |= union([node.node]);
    else if (node.kind === 'group') for (const branch of node.branches) set |= union(branch);
  }
  return set;
}

function minWidth(node: Node): number {
  switch (node.kind) {
    case 'char':
      return 1;
    case 'assert':
      return 0;
    case 'repeat':
      return node.min * minWidth(node.node);
    case 'group':
      return node.lookaround ? 0 : Math.min(...node.branches.map((b) => b.reduce((sum, n) => sum + minWidth(n), 0)));
  }
}

/** Non-capturing and capturing groups with one branch are spliced in, so neighbours across them meet. */
function flatten(branch: readonly Node[], out: Node[] = []): Node[] {
  for (const node of branch) {
    if (node.kind === 'group' && !node.lookaround && node.branches.length === 1) flatten(node.branches[0]!, out);
    else out.push(node);
  }
  return out;
}

function hasVariableRepeat(node: Node): boolean {
  if (node.kind === 'repeat') return isVariableRepeat(node) || hasVariableRepeat(node.node);
  if (node.kind === 'group') return node.branches.some((b) => b.some(hasVariableRepeat));
  return false;
}

function itemOf(node: Node): Item {
  return {
    set: union([node]),
    mandatory: minWidth(node) > 0,
    variable: hasVariableRepeat(node),
    repeat: node.kind === 'repeat',
    source: node.kind === 'repeat' ? node.source : 'a group',
  };
}

/** Polynomial shape: two variable items that can share characters with no mandatory separator between. */
function checkSequence(branch: readonly Node[], topLevel: boolean): void {
  const nodes = flatten(branch);
  const items = nodes.map(itemOf);
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!;
    if (!a.variable) continue;
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j]!;
      if (!b.variable) continue;
      const shared = a.set & b.set;
      if (shared === 0n) continue;
      const separated = items.slice(i + 1, j).some((k) => k.mandatory && (k.set & shared) === 0n);
      // A trailing quantifier with nothing after it succeeds at its first try, so it cannot backtrack.
      const last = topLevel && j === items.length - 1 && b.repeat;
      if (!separated && !last)
        throw new Refused(
          `quantifiers "${quote(a.source)}" and "${quote(b.source)}" can match the same characters one after the other`,
        );
    }
  }
  for (const node of nodes) {
    if (node.kind === 'group') checkGroup(node, false);
    else if (node.kind === 'repeat' && node.node.kind === 'group') checkGroup(node.node, false);
  }
}

/** `topLevel`: the branches end the whole pattern, so nothing can fail after their last item. */
function checkGroup(group: Group, topLevel: boolean): void {
  for (const branch of group.branches) checkSequence(branch, topLevel);
}

function quote(source: string): string {
  return source.length > 40 ? `${source.slice(0, 40)}…` : source;
}
