import type { Citation, TaskOutput } from '@agora/contracts';

function quoteLine(c: Citation): string {
  const origin = [c.title, c.source].filter((x) => x).join(', ');
  return `> ${c.quote}${origin ? ` (${origin})` : ''} [${c.itemId}]`;
}

/**
 * A task output (TaskCompleted.output, JSON text) as prose a person or a search can use: a
 * report's Markdown, a source list's quotes, a shell step's command and output. Text that is not
 * a known output is kept as it is, so nothing is lost.
 */
export function renderTaskOutput(output: string): string {
  let parsed: TaskOutput;
  try {
    parsed = JSON.parse(output) as TaskOutput;
  } catch {
    return output;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.kind !== 'string') {
    return output;
  }
  try {
    return renderKnown(parsed);
  } catch {
    // A known kind with missing fields: keep the raw JSON rather than fail to store it.
    return output;
  }
}

/** A field the output must have; JSON from an agent is not trusted to match its type. */
function need<T>(value: T): NonNullable<T> {
  if (value === undefined || value === null) throw new Error('missing field');
  return value;
}

function renderKnown(o: TaskOutput): string {
  switch (o.kind) {
    case 'report':
      return `# ${need(o.title)}\n\n${need(o.markdown)}`;
    case 'sources':
      return [`Sources for: ${need(o.query)}`, ...o.sources.map(quoteLine)].join('\n\n');
    case 'analysis':
      return [
        need(o.summary),
        ...o.points.map((p) => [`- ${p.text}`, ...p.citations.map(quoteLine)].join('\n')),
      ].join('\n\n');
    case 'validation':
      return [
        `Checked ${o.checked} claims; ${o.supported} supported.`,
        ...o.issues.map((i) => `- ${i}`),
      ].join('\n');
    case 'text':
      return need(o.text);
    case 'review':
      return [o.approved ? 'Approved.' : 'Not approved.', ...o.comments.map((c) => `- ${c}`)].join(
        '\n',
      );
    case 'classification':
      return `Classified as ${need(o.label)} (confidence ${o.confidence}).`;
    case 'escalation':
      return `Escalated: ${need(o.reason)}\n\n${need(o.summary)}`;
    case 'shell':
      return [
        `$ ${need(o.command)}`,
        `exit code ${o.exitCode} after ${o.durationMs} ms`,
        o.stdout,
        o.stderr ? `stderr:\n${o.stderr}` : '',
      ]
        .filter((x) => x)
        .join('\n');
    case 'http':
      return `GET ${need(o.url)} → ${o.status}\n${o.body}`;
    default:
      return JSON.stringify(o);
  }
}

/** A verdict as a readable memory item. */
export function renderEvaluation(e: {
  taskId: string;
  attempt: number;
  agentId: string;
  capability: string;
  verdict: string;
  score: number;
  feedback: string;
}): string {
  return (
    `${e.verdict} (score ${e.score.toFixed(2)}) for ${e.capability} task ${e.taskId} ` +
    `attempt ${e.attempt} by agent ${e.agentId}.\n\n${e.feedback}`
  );
}
