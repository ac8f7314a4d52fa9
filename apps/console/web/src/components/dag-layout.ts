/*
 * Layered layout of a task graph, left to right (Sugiyama-style, kept small):
 * 1. a task's column is the longest path to it from a task without dependencies, so every task
 *    sits right of all it waits for;
 * 2. an edge that spans several columns gets a thin lane in each column it crosses, so it runs
 *    between the tasks there instead of behind them;
 * 3. within a column, tasks and lanes keep plan order, then are sorted by where their
 *    predecessors sit (one barycenter pass), which untangles most edges of the graphs plans make.
 * Deterministic for a given plan.
 */

export interface DagInput {
  id: string;
  dependsOn: readonly string[];
}

export interface DagNode {
  id: string;
  /** Column: 0 for a task without dependencies. */
  layer: number;
  /** Position within the column, from the top, lanes counted. */
  row: number;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface DagPoint {
  x: number;
  y: number;
}

export interface DagEdge {
  from: string;
  to: string;
  /**
   * From the middle of `from`'s right side to the middle of `to`'s left side, through the lanes
   * of the columns between: each lane adds the points where the edge enters and leaves it.
   */
  points: DagPoint[];
  /** The same as an SVG path: curves between columns, straight through lanes. */
  path: string;
}

export interface DagLayout {
  nodes: DagNode[];
  edges: DagEdge[];
  width: number;
  height: number;
}

/** Sizes of the drawing. */
export interface DagGeometry {
  nodeWidth: number;
  nodeHeight: number;
  /** Height of the lane a long edge takes in a column it crosses. */
  laneHeight: number;
  columnGap: number;
  rowGap: number;
  margin: number;
}

export const defaultGeometry: DagGeometry = {
  nodeWidth: 180,
  nodeHeight: 54,
  laneHeight: 6,
  columnGap: 64,
  rowGap: 14,
  margin: 12,
};

/**
 * Longest-path layers. Dependencies outside the graph are ignored; a cycle (which a plan should
 * never have) is cut where the walk meets it, so the layout always ends.
 */
export function assignLayers(tasks: readonly DagInput[]): Map<string, number> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layers.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1;
    visiting.add(id);
    let layer = 0;
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (dep === id || !byId.has(dep)) continue;
      layer = Math.max(layer, layerOf(dep) + 1);
    }
    visiting.delete(id);
    layers.set(id, layer);
    return layer;
  };
  for (const task of tasks) layerOf(task.id);
  return layers;
}

/** A task, or the lane of a long edge in one column it crosses. */
interface Slot {
  key: string;
  lane: boolean;
  /** Slots in the previous column this one hangs from: its dependencies, or the lane before. */
  predecessors: string[];
  planOrder: number;
}

interface Placed {
  layer: number;
  row: number;
  x: number;
  y: number;
  height: number;
}

const laneKey = (from: string, to: string, layer: number): string => `${from}>${to}@${layer}`;

export function layoutDag(
  tasks: readonly DagInput[],
  geometry: DagGeometry = defaultGeometry,
): DagLayout {
  const { nodeWidth, nodeHeight, laneHeight, columnGap, rowGap, margin } = geometry;
  const layers = assignLayers(tasks);
  const known = (id: string): boolean => layers.has(id);
  // Edges that go forward; a cycle's back edge (never in a valid plan) is drawn without lanes.
  const edgeList = tasks.flatMap((task) =>
    task.dependsOn
      .filter((dep) => dep !== task.id && known(dep))
      .map((dep) => ({ from: dep, to: task.id })),
  );

  const columns: Slot[][] = [];
  const add = (layer: number, slot: Slot) => (columns[layer] ??= []).push(slot);
  tasks.forEach((task, i) => {
    add(layers.get(task.id) ?? 0, {
      key: task.id,
      lane: false,
      predecessors: task.dependsOn.filter((d) => d !== task.id && known(d)),
      planOrder: i,
    });
  });
  edgeList.forEach(({ from, to }, i) => {
    const start = layers.get(from) ?? 0;
    const end = layers.get(to) ?? 0;
    for (let layer = start + 1; layer < end; layer++) {
      add(layer, {
        key: laneKey(from, to, layer),
        lane: true,
        predecessors: [layer === start + 1 ? from : laneKey(from, to, layer - 1)],
        planOrder: tasks.length + i,
      });
    }
  });

  const rowOf = new Map<string, number>();
  for (const column of columns) {
    if (!column) continue;
    const barycenter = (slot: Slot): number => {
      const rows = slot.predecessors
        .map((p) => rowOf.get(p))
        .filter((r): r is number => r !== undefined);
      return rows.length === 0 ? slot.planOrder : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const weight = new Map(column.map((s) => [s.key, barycenter(s)]));
    column.sort(
      (a, b) => (weight.get(a.key) ?? 0) - (weight.get(b.key) ?? 0) || a.planOrder - b.planOrder,
    );
    column.forEach((slot, row) => rowOf.set(slot.key, row));
  }

  const heightOf = (slot: Slot): number => (slot.lane ? laneHeight : nodeHeight);
  const columnHeight = (column: Slot[]): number =>
    column.reduce((sum, s) => sum + heightOf(s), 0) + Math.max(0, column.length - 1) * rowGap;
  const tallest = Math.max(0, ...columns.map((c) => (c ? columnHeight(c) : 0)));
  const placed = new Map<string, Placed>();
  columns.forEach((column, layer) => {
    if (!column) return;
    // Centre shorter columns against the tallest one.
    let y = margin + (tallest - columnHeight(column)) / 2;
    column.forEach((slot, row) => {
      const height = heightOf(slot);
      placed.set(slot.key, { layer, row, x: margin + layer * (nodeWidth + columnGap), y, height });
      y += height + rowGap;
    });
  });

  const nodes: DagNode[] = [];
  for (const task of tasks) {
    const at = placed.get(task.id);
    if (at) nodes.push({ id: task.id, layer: at.layer, row: at.row, x: at.x, y: at.y });
  }
  const middle = (p: Placed): number => p.y + p.height / 2;
  const edges: DagEdge[] = [];
  for (const { from, to } of edgeList) {
    const a = placed.get(from);
    const b = placed.get(to);
    if (!a || !b) continue;
    const points: DagPoint[] = [{ x: a.x + nodeWidth, y: middle(a) }];
    for (let layer = a.layer + 1; layer < b.layer; layer++) {
      const lane = placed.get(laneKey(from, to, layer));
      if (!lane) continue;
      points.push({ x: lane.x, y: middle(lane) }, { x: lane.x + nodeWidth, y: middle(lane) });
    }
    points.push({ x: b.x, y: middle(b) });
    edges.push({ from, to, points, path: pathThrough(points) });
  }
  const columnCount = columns.length;
  return {
    nodes,
    edges,
    width:
      columnCount === 0 ? 0 : 2 * margin + columnCount * nodeWidth + (columnCount - 1) * columnGap,
    height: tallest === 0 ? 0 : 2 * margin + tallest,
  };
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * Points come in pairs: [start, (lane in, lane out)…, end]. Between columns (start → lane in,
 * lane out → next…) a horizontal S-curve; within a lane a straight line.
 */
function pathThrough(points: readonly DagPoint[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${round(first.x)},${round(first.y)}`;
  let previous = first;
  rest.forEach((point, i) => {
    // Odd steps leave a lane: straight along it.
    const inLane = i % 2 === 1;
    if (inLane) {
      d += ` L${round(point.x)},${round(point.y)}`;
    } else {
      const bend = Math.max(20, (point.x - previous.x) / 2);
      d +=
        ` C${round(previous.x + bend)},${round(previous.y)}` +
        ` ${round(point.x - bend)},${round(point.y)} ${round(point.x)},${round(point.y)}`;
    }
    previous = point;
  });
  return d;
}
