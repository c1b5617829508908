// A large graph (more than 60 forward edges) is laid out on its rank-defining tree only, the other edges
// drawn straight: every node still sits below all of its predecessors, and every edge starts on its
// source and ends on its target.
import { strict as assert } from 'node:assert';
import { layoutGraph, rankTree } from '../../../../src/panel/graph/layout';
import type { GraphShape, ShapeEdge } from '../../../../src/panel/graph/shape';

/** 6 ranks of 8 nodes, each feeding 4 of the next rank, plus skip edges two ranks down and one loop. */
function largeShape(): GraphShape {
  const nodes = Array.from({ length: 48 }, (_, i) => ({ id: `n${i}`, type: 'agent', label: `n${i}`, group: null }));
  const edges: ShapeEdge[] = [];
  const add = (from: number, to: number, back = false): void => {
    edges.push({ id: `n${from}→n${to}:always`, from: `n${from}`, to: `n${to}`, on: 'always', back });
  };
  for (let r = 0; r < 5; r++)
    for (let a = 0; a < 8; a++) for (let k = 0; k < 4; k++) add(r * 8 + a, (r + 1) * 8 + ((a + k * 3) % 8));
  for (let j = 0; j < 20; j++) add(j, j + 16);
  add(40, 0, true);
  return { key: 'large', nodes, edges, groups: [], uncertain: new Set(), loops: new Map() };
}

describe('graph layout of a large definition', () => {
  it('keeps one rank-defining edge per reached node', () => {
    const shape = largeShape();
    const tree = rankTree(shape);
    assert.equal(tree.size, 40, 'every node below the first rank');
    assert.ok(![...tree].some((id) => shape.edges.find((e) => e.id === id)!.back));
  });

  it('places every node below its predecessors and draws every edge between its nodes', () => {
    const shape = largeShape();
    const layout = layoutGraph(shape);
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    assert.equal(layout.nodes.length, 48);
    assert.equal(layout.edges.length, shape.edges.length);
    for (const e of layout.edges) {
      const from = at.get(e.from)!;
      const to = at.get(e.to)!;
      if (!e.back) assert.ok(to.y > from.y, `${e.id}: ${to.y} below ${from.y}`);
      const p = e.points;
      assert.ok(p.length >= 4, e.id);
      if (e.back) continue;
      const on = (x: number, y: number, n: typeof from): boolean =>
        Math.abs(x - n.x) <= n.w / 2 + 1 && Math.abs(y - n.y) <= n.h / 2 + 1;
      assert.ok(on(p[0]!, p[1]!, from), `${e.id} starts on its source`);
      assert.ok(on(p.at(-2)!, p.at(-1)!, to), `${e.id} ends on its target`);
    }
    const top = Math.min(...layout.nodes.map((n) => n.y - n.h / 2));
    assert.equal(top, 24, 'no empty rank above the graph');
    assert.ok(layout.height > Math.max(...layout.nodes.map((n) => n.y + n.h / 2)));
  });
});
