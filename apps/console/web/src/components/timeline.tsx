import type { TimelineEntry } from '../api-types';
import { formatClock, formatDuration, formatOffset } from '../format';

/**
 * The goal's events as a local trace: offset from the first event, and the wait since the one
 * before drawn as a bar (proportional to the longest wait), so where the time went stands out.
 */
export function Timeline({
  entries,
  selectedTask,
  onSelectTask,
}: {
  entries: readonly TimelineEntry[];
  selectedTask: string | undefined;
  onSelectTask: (taskId: string) => void;
}) {
  if (entries.length === 0) return <p class="empty">No events yet.</p>;
  const start = entries[0]?.at ?? 0;
  const longest = Math.max(1, ...entries.map((e) => e.gapMs));
  return (
    <div class="table-scroll">
      <table class="grid timeline">
        <thead>
          <tr>
            <th class="num">Offset</th>
            <th class="num">Time</th>
            <th class="gap-col">Gap</th>
            <th>Task</th>
            <th>Event</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => {
            const share = entry.gapMs / longest;
            return (
              <tr
                key={`${entry.at}-${entry.type}-${i}`}
                class={entry.taskId && entry.taskId === selectedTask ? 'row-selected' : ''}
              >
                <td class="num mono">{formatOffset(entry.at - start)}</td>
                <td class="num mono muted">{formatClock(entry.at)}</td>
                <td
                  class="gap-col"
                  title={`${formatDuration(entry.gapMs)} after the previous event`}
                >
                  <div class="gap">
                    <div class="gap-bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
                    <span class="gap-text">
                      {entry.gapMs > 0 ? formatDuration(entry.gapMs) : ''}
                    </span>
                  </div>
                </td>
                <td>
                  {entry.taskId ? (
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => onSelectTask(entry.taskId ?? '')}
                    >
                      {entry.taskName ?? entry.taskId}
                      {entry.attempt !== null && entry.attempt > 1 ? ` #${entry.attempt}` : ''}
                    </button>
                  ) : (
                    <span class="muted">goal</span>
                  )}
                </td>
                <td>
                  <span class="event-type">{entry.type}</span>
                </td>
                <td class="wrap">{entry.summary}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
