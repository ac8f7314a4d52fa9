import { z } from 'zod';
import { defineOutputKind, type Citation } from './output-kind';

const text = (description: string) => z.string().describe(description);

export const citationSchema = z
  .object({
    itemId: text('Memory item id (MemoryHit.itemId); the evaluator checks that the item exists.'),
    title: z.string().nullish().describe('Title of the item, when it has one.'),
    source: z.string().nullish().describe('Where the item came from (URL, file), when known.'),
    quote: text('Exact text copied from the item; the evaluator checks that it occurs in it.'),
  })
  .describe(
    'A passage taken from a memory item, with where it came from.',
  ) satisfies z.ZodType<Citation>;

/** A code block whose fence is longer than any backtick run inside, so nothing can close it. */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n$/, '')}\n${ticks}`;
}
const blockquote = (text: string) =>
  text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
const percent = (x: number) => `${Math.round(x * 100)}%`;
const bullets = (lines: readonly string[]) => lines.map((l) => `- ${l}`);
/** Where a citation comes from, for a reader: title and source when known, else the item id. */
const originOf = (c: Citation) =>
  c.title ? `**${c.title}**${c.source ? ` (${c.source})` : ''}` : (c.source ?? c.itemId);

export const sourcesKind = defineOutputKind({
  kind: 'sources',
  description: 'Sources found in memory (gather, retrieve).',
  schema: z.object({
    kind: z.literal('sources'),
    query: text('The query that was searched.'),
    sources: z.array(citationSchema),
  }),
  cites: true,
  citations: (o) => o.sources,
  problems: (o) => ({
    empty: o.sources.length === 0 ? ["no sources were found: 'sources' is empty"] : [],
  }),
  toMarkdown: (o) =>
    [
      `**${o.sources.length} source${o.sources.length === 1 ? '' : 's'}** for _${o.query}_`,
      ...o.sources.map((c, i) => `${i + 1}. ${originOf(c)}\n\n${blockquote(c.quote)}`),
    ].join('\n\n'),
});

export const analysisKind = defineOutputKind({
  kind: 'analysis',
  description: 'An extractive analysis: key points, each backed by citations (analyze).',
  schema: z.object({
    kind: z.literal('analysis'),
    summary: text('The analysis in a few sentences.'),
    points: z.array(z.object({ text: text('One key point.'), citations: z.array(citationSchema) })),
  }),
  mainText: (o) => o.summary,
  cites: true,
  citations: (o) => o.points.flatMap((p) => p.citations),
  problems: (o) => ({ empty: o.points.length === 0 ? ['the analysis has no points'] : [] }),
  toMarkdown: (o) =>
    [
      o.summary,
      ...o.points.map(
        (p, i) =>
          `${i + 1}. ${p.text}` +
          (p.citations.length > 0
            ? ` _(${p.citations.map((c) => c.source ?? c.itemId).join(', ')})_`
            : ''),
      ),
    ].join('\n\n'),
});

export const validationKind = defineOutputKind({
  kind: 'validation',
  description: 'A check of upstream claims against their sources (validate).',
  schema: z.object({
    kind: z.literal('validation'),
    checked: z.number().int().min(0).describe('Claims checked.'),
    supported: z.number().int().min(0).describe('Claims their sources support.'),
    issues: z.array(z.string()).describe('One line per claim that did not hold.'),
  }),
  problems: (o) => ({
    invalid:
      o.supported > o.checked
        ? [`'supported' (${o.supported}) must be between 0 and 'checked' (${o.checked})`]
        : [],
  }),
  toMarkdown: (o) =>
    [
      `**${o.supported} of ${o.checked}** claims supported by their sources.`,
      ...bullets(o.issues),
    ].join('\n\n'),
});

export const reportKind = defineOutputKind({
  kind: 'report',
  description: 'A Markdown report with its citations (report).',
  schema: z.object({
    kind: z.literal('report'),
    title: text('The report title, without Markdown.'),
    markdown: text('The report body in Markdown.'),
    citations: z.array(citationSchema),
  }),
  mainText: (o) => o.markdown,
  cites: true,
  citations: (o) => o.citations,
  problems: (o) => ({ empty: o.title.trim() ? [] : ['the report has no title'] }),
  // Reports usually open with their title as a heading; one is added when they do not.
  toMarkdown: (o) => (/^#\s/.test(o.markdown) ? o.markdown : `# ${o.title}\n\n${o.markdown}`),
});

export const textKind = defineOutputKind({
  kind: 'text',
  description: 'Free text, Markdown allowed (plan, write, edit, respond, diagnose).',
  schema: z.object({ kind: z.literal('text'), text: text('The text, Markdown allowed.') }),
  mainText: (o) => o.text,
  toMarkdown: (o) => o.text,
});

export const reviewKind = defineOutputKind({
  kind: 'review',
  description:
    'A review with a verdict (review). A final review that does not approve fails the goal.',
  schema: z.object({
    kind: z.literal('review'),
    approved: z.boolean().describe('Whether the reviewed work may go out as it is.'),
    comments: z
      .array(z.string())
      .describe('What is wrong or could be better; required when not approved.'),
  }),
  problems: (o) => ({
    empty:
      !o.approved && o.comments.length === 0
        ? ["a review that does not approve must say why in 'comments'"]
        : [],
  }),
  toMarkdown: (o) =>
    [`**${o.approved ? 'Approved' : 'Not approved'}**`, ...bullets(o.comments)].join('\n\n'),
});

export const classificationKind = defineOutputKind({
  kind: 'classification',
  description: 'A label with its confidence (classify).',
  schema: z.object({
    kind: z.literal('classification'),
    label: text('The chosen label.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe('0..1; the support workflow escalates below its threshold.'),
    scores: z.record(z.string(), z.number()).describe('Score of every label considered.'),
  }),
  problems: (o) => ({ empty: o.label.trim() ? [] : ['the classification has no label'] }),
  toMarkdown: (o) =>
    [
      `**${o.label}** (confidence ${percent(o.confidence)})`,
      '| label | score |\n|---|---|\n' +
        Object.entries(o.scores)
          .sort(([, a], [, b]) => b - a)
          .map(([label, score]) => `| ${label} | ${percent(score)} |`)
          .join('\n'),
    ].join('\n\n'),
});

export const escalationKind = defineOutputKind({
  kind: 'escalation',
  description: 'A hand-over to a person (escalate).',
  schema: z.object({
    kind: z.literal('escalation'),
    reason: text('Why a person must take over.'),
    summary: text('What the person needs to know.'),
  }),
  mainText: (o) => o.summary,
  problems: (o) => ({ empty: o.reason.trim() ? [] : ['the escalation gives no reason'] }),
  toMarkdown: (o) => `**Handed to a person:** ${o.reason}\n\n${o.summary}`,
});

export const shellKind = defineOutputKind({
  kind: 'shell',
  description: 'An allow-listed command that was run (detect, remediate, verify).',
  schema: z.object({
    kind: z.literal('shell'),
    command: text('The command, exactly as allow-listed.'),
    exitCode: z.number().int(),
    stdout: z.string(),
    stderr: z.string(),
    durationMs: z.number().min(0),
  }),
  problems: (o) => ({
    empty: o.command.trim() ? [] : ['no command was run'],
    invalid:
      o.exitCode !== 0
        ? [
            `the command '${o.command}' exited with code ${o.exitCode}` +
              (o.stderr.trim() ? `: ${o.stderr.trim().slice(0, 200)}` : ''),
          ]
        : [],
  }),
  toMarkdown: (o) =>
    [
      `\`${o.command}\` exited ${o.exitCode} in ${o.durationMs} ms`,
      o.stdout && fence(o.stdout),
      o.stderr && `stderr:\n\n${fence(o.stderr)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
});

export const httpKind = defineOutputKind({
  kind: 'http',
  description: 'An HTTP GET to an allow-listed host.',
  schema: z.object({
    kind: z.literal('http'),
    url: z.string(),
    status: z.number().int(),
    body: z.string(),
  }),
  problems: (o) => ({
    invalid: o.status < 200 || o.status >= 300 ? [`the request answered HTTP ${o.status}`] : [],
  }),
  toMarkdown: (o) => `GET ${o.url} → **${o.status}**\n\n${fence(o.body)}`,
});

/** Every built-in kind, in the order the docs list them. */
export const builtInKinds = [
  sourcesKind,
  analysisKind,
  validationKind,
  reportKind,
  textKind,
  reviewKind,
  classificationKind,
  escalationKind,
  shellKind,
  httpKind,
] as const;

type Out<K> = K extends { schema: z.ZodType<infer T> } ? T : never;
export type SourcesOutput = Out<typeof sourcesKind>;
export type AnalysisOutput = Out<typeof analysisKind>;
export type ValidationOutput = Out<typeof validationKind>;
export type ReportOutput = Out<typeof reportKind>;
export type TextOutput = Out<typeof textKind>;
export type ReviewOutput = Out<typeof reviewKind>;
export type ClassificationOutput = Out<typeof classificationKind>;
export type EscalationOutput = Out<typeof escalationKind>;
export type ShellOutput = Out<typeof shellKind>;
export type HttpOutput = Out<typeof httpKind>;

/** TaskCompleted.output of a built-in kind, as JSON. */
export type TaskOutput = Out<(typeof builtInKinds)[number]>;
export type TaskOutputKind = TaskOutput['kind'];
