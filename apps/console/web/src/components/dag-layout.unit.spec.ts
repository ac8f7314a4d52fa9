import { describe, expect, it } from 'vitest';
import { assignLayers, defaultGeometry, layoutDag, type DagInput } from './dag-layout';

const g = defaultGeometry;

// research → outline → draft → review, with facts feeding draft directly and a lone task.
const plan: DagInput[] = [
  { id: 'research', dependsOn: [] },
  { id: 'facts', dependsOn: [] },
  { id: 'outline', dependsOn: ['research'] },
  { id: 'draft', dependsOn: ['outline', 'facts'] },
  { id: 'review', dependsOn: ['draft', 'research'] },
  { id: 'lonely', dependsOn: [] },
];

describe('assignLayers', () => {
  it('puts each task one column after its deepest dependency', () => {
    const layers = assignLayers(plan);
    expect(Object.fromEntries(layers)).toEqual({
      research: 0,
      facts: 0,
      lonely: 0,
      outline: 1,
      draft: 2,
      review: 3,
    });
  });

  it('ignores dependencies outside the graph', () => {
    expect(assignLayers([{ id: 'a', dependsOn: ['ghost'] }]).get('a')).toBe(0);
  });

  it('ends on a cycle', () => {
    const layers = assignLayers([
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['c'] },
    ]);
    expect(layers.size).toBe(3);
  });
});

describe('layoutDag', () => {
  const layout = layoutDag(plan);
  const node = (id: string) => {
    const found = layout.nodes.find((n) => n.id === id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  };

  it('places every task right of all of its dependencies', () => {
    for (const task of plan) {
      for (const dep of task.dependsOn) {
        expect(node(task.id).x).toBeGreaterThanOrEqual(node(dep).x + g.nodeWidth + g.columnGap);
      }
    }
  });

  it('draws one edge per dependency, from the dependency to the task', () => {
    expect(layout.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([
      'draft>review',
      'facts>draft',
      'outline>draft',
      'research>outline',
      'research>review',
    ]);
    for (const edge of layout.edges) {
      const from = node(edge.from);
      const to = node(edge.to);
      expect(edge.points[0]).toEqual({ x: from.x + g.nodeWidth, y: from.y + g.nodeHeight / 2 });
      expect(edge.points.at(-1)).toEqual({ x: to.x, y: to.y + g.nodeHeight / 2 });
      expect(edge.path.startsWith(`M${from.x + g.nodeWidth},${from.y + g.nodeHeight / 2} C`)).toBe(
        true,
      );
      expect(edge.path.endsWith(` ${to.x},${to.y + g.nodeHeight / 2}`)).toBe(true);
    }
  });

  it('runs an edge that spans columns through lanes clear of the tasks there', () => {
    // research (column 0) → review (column 3) crosses columns 1 and 2; facts → draft crosses 1.
    const long = layout.edges.find((e) => e.from === 'research' && e.to === 'review')!;
    expect(long.points).toHaveLength(2 + 2 * 2);
    const short = layout.edges.find((e) => e.from === 'research' && e.to === 'outline')!;
    expect(short.points).toHaveLength(2);
    for (const edge of layout.edges) {
      for (const point of edge.points.slice(1, -1)) {
        for (const n of layout.nodes) {
          const inColumn = point.x >= n.x && point.x <= n.x + g.nodeWidth;
          const inside = point.y > n.y && point.y < n.y + g.nodeHeight;
          expect(inColumn && inside, `${edge.from}>${edge.to} passes through ${n.id}`).toBe(false);
        }
      }
    }
  });

  it('never overlaps two nodes and keeps them inside the drawing', () => {
    for (const a of layout.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + g.nodeWidth).toBeLessThanOrEqual(layout.width);
      expect(a.y + g.nodeHeight).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart =
          a.x + g.nodeWidth <= b.x ||
          b.x + g.nodeWidth <= a.x ||
          a.y + g.nodeHeight <= b.y ||
          b.y + g.nodeHeight <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('sizes the drawing to the widest and tallest column', () => {
    expect(layout.width).toBe(2 * g.margin + 4 * g.nodeWidth + 3 * g.columnGap);
    // Column 0 has three tasks; column 1 has one task and two lanes.
    expect(layout.height).toBe(2 * g.margin + 3 * g.nodeHeight + 2 * g.rowGap);
  });

  it('orders a column by where its dependencies sit, to avoid crossings', () => {
    const crossing = layoutDag([
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: [] },
      { id: 'after-b', dependsOn: ['b'] },
      { id: 'after-a', dependsOn: ['a'] },
    ]);
    const rows = Object.fromEntries(crossing.nodes.map((n) => [n.id, n.row]));
    expect(rows['after-a']).toBeLessThan(rows['after-b']!);
  });

  it('is empty for an empty plan', () => {
    expect(layoutDag([])).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});
