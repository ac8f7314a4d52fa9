import type { TaskOutput } from '@agora/contracts';

/** Turns one kind of task output into Markdown for a person. */
type OutputRenderer<K extends TaskOutput['kind']> = (
  output: Extract<TaskOutput, { kind: K }>,
) => string;

const fence = (text: string, lang = '') => {
  // A fence longer than any backtick run inside, so the content cannot close it.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
};
const quote = (text: string) => text.split('\n').map((line) => `> ${line}`).join('\n');
const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * One renderer per output kind (libs/contracts task-payloads.ts). A kind without an entry is
 * shown as its JSON, so a new kind is visible at once and readable once it is added here.
 */
const renderers: { [K in TaskOutput['kind']]?: OutputRenderer<K> } = {
  report: (o) => o.markdown,
  text: (o) => o.text,
  sources: (o) =>
    [
      `**${o.sources.length} source${o.sources.length === 1 ? '' : 's'}** for _${o.query}_`,
      ...o.sources.map((s, i) => `${i + 1}. **${s.title}** (${s.source})\n\n${quote(s.quote)}`),
    ].join('\n\n'),
  analysis: (o) =>
    [
      o.summary,
      ...o.points.map(
        (p, i) => `${i + 1}. ${p.text} _(${p.citations.map((c) => c.source).join(', ')})_`,
      ),
    ].join('\n\n'),
  validation: (o) =>
    [
      `**${o.supported} of ${o.checked}** claims supported by their sources.`,
      ...o.issues.map((issue) => `- ${issue}`),
    ].join('\n\n'),
  review: (o) =>
    [`**${o.approved ? 'Approved' : 'Not approved'}**`, ...o.comments.map((c) => `- ${c}`)].join(
      '\n\n',
    ),
  classification: (o) =>
    [
      `**${o.label}** (confidence ${percent(o.confidence)})`,
      '| label | score |\n|---|---|\n' +
        Object.entries(o.scores)
          .sort(([, a], [, b]) => b - a)
          .map(([label, score]) => `| ${label} | ${percent(score)} |`)
          .join('\n'),
    ].join('\n\n'),
  escalation: (o) => `**Handed to a person:** ${o.reason}\n\n${o.summary}`,
  shell: (o) =>
    [
      `\`${o.command}\` exited ${o.exitCode} in ${o.durationMs} ms`,
      o.stdout && fence(o.stdout),
      o.stderr && `stderr:\n\n${fence(o.stderr)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  http: (o) => `GET ${o.url} → **${o.status}**\n\n${fence(o.body)}`,
};

/**
 * TaskCompleted.output or GoalCompleted.output (JSON of a TaskOutput, or Markdown) as Markdown: rendered by its kind, shown as JSON
 * when the kind is unknown or the shape is not what the kind promises, or as it is when not JSON.
 */
export function taskOutputMarkdown(output: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return output;
  }
  const kind = (parsed as { kind?: unknown } | null)?.kind;
  const render = typeof kind === 'string' ? renderers[kind as TaskOutput['kind']] : undefined;
  if (render) {
    try {
      return (render as (o: unknown) => string)(parsed);
    } catch {
      // A shape other than the kind's: fall back to the JSON below.
    }
  }
  return fence(JSON.stringify(parsed, null, 2), 'json');
}
