import { useMemo } from 'preact/hooks';
import type { TaskDetail } from '../api-types';
import { taskTone } from '../state-tone';
import { defaultGeometry as g, layoutDag } from './dag-layout';

/** Cuts a label to fit a node; the whole text is in the node's title. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The plan as a graph, left to right, each task coloured by its state. Nodes carry
 * `data-task-id` and `data-state`, so tests and scripts can read the graph from the page.
 */
export function Dag({
  tasks,
  selected,
  onSelect,
}: {
  tasks: readonly TaskDetail[];
  selected: string | undefined;
  onSelect: (taskId: string) => void;
}) {
  // The shape only changes with the plan, not with states: lay it out once per plan.
  const shape = tasks.map((t) => `${t.taskId}<${t.dependsOn.join(',')}`).join(';');
  const layout = useMemo(
    () => layoutDag(tasks.map((t) => ({ id: t.taskId, dependsOn: t.dependsOn }))),
    [shape],
  );
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  if (tasks.length === 0)
    return <p class="empty">No plan yet: the planner has not split this goal into tasks.</p>;
  return (
    <div class="graph-scroll">
      <svg
        data-testid="goal-graph"
        class="graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Task graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <path
            key={`${edge.from}>${edge.to}`}
            d={edge.path}
            class={`edge${selected === edge.from || selected === edge.to ? ' edge-selected' : ''}`}
            marker-end="url(#arrow)"
          />
        ))}
        {layout.nodes.map((node) => {
          const task = byId.get(node.id);
          if (!task) return null;
          const attempts = task.attempts.length;
          return (
            <g
              key={node.id}
              class={`node tone-${taskTone(task.state)}${selected === node.id ? ' node-selected' : ''}`}
              data-task-id={task.taskId}
              data-state={task.state}
              transform={`translate(${node.x},${node.y})`}
              tabIndex={0}
              role="button"
              aria-pressed={selected === node.id}
              onClick={() => onSelect(task.taskId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(task.taskId);
                }
              }}
            >
              <title>{`${task.name} (${task.capability}): ${task.state}`}</title>
              <rect width={g.nodeWidth} height={g.nodeHeight} rx="7" ry="7" />
              <text x="10" y="18" class="node-name">
                {fit(task.name, 24)}
              </text>
              <text x="10" y="33" class="node-capability">
                {fit(task.capability, 28)}
              </text>
              <text x="10" y="47" class="node-state">
                {task.state}
                {attempts > 1 ? ` · attempt ${attempts}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
