import type { ReviewOutput, TaskInput, TextOutput } from '@agora/contracts';
import { contentTerms as terms } from '@agora/embeddings';
import { sentences, truncate } from './text';

/** The text an upstream step produced, whatever its kind, for steps that rework text. */
export function upstreamText(input: TaskInput): string {
  return input.upstream
    .map(({ output }) => {
      switch (output.kind) {
        case 'text':
          return output.text;
        case 'report':
          return output.markdown;
        case 'analysis':
          return [output.summary, ...output.points.map((p) => `- ${p.text}`)].join('\n');
        case 'sources':
          return output.sources.map((s) => s.quote).join('\n');
        case 'review':
          return output.comments.join('\n');
        case 'classification':
          return `Category: ${output.label}`;
        case 'escalation':
          return output.summary;
        case 'shell':
          return output.stdout;
        case 'http':
          return output.body;
        case 'validation':
          return output.issues.join('\n');
      }
    })
    .filter((t) => t.trim().length > 0)
    .join('\n\n');
}

/**
 * The upstream outputs as a model reads them: each step by name, text as it is and any other
 * kind as its JSON, so the model sees the item ids and exact quotes it must cite, a
 * classification's confidence, a command's exit code.
 */
export function upstreamMaterial(input: TaskInput): string {
  return input.upstream
    .map(({ name, output }) => {
      const body = output.kind === 'text' ? output.text : JSON.stringify(output);
      return `[${name}] (${output.kind})\n${body}`;
    })
    .join('\n\n');
}

/** The goal's most frequent content words, as topics. */
function topics(text: string, count: number): string[] {
  const freq = new Map<string, number>();
  for (const t of terms(text)) freq.set(t, (freq.get(t) ?? 0) + 1);
  return [...freq]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([t]) => t);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** plan: a Markdown outline (introduction, one section per key topic, conclusion). */
export function planContent(input: TaskInput): TextOutput {
  const goal = input.goal.trim();
  const keys = topics([goal, ...Object.values(input.inputs)].join(' '), 4);
  const lines = [`# Outline: ${truncate(goal, 100)}`, '', '1. Introduction: why this matters'];
  keys.forEach((k, i) => lines.push(`${i + 2}. ${capitalise(k)}: key facts and examples`));
  lines.push(`${keys.length + 2}. Conclusion: what to remember and next steps`);
  const audience = input.inputs['audience'];
  if (audience) lines.push('', `Audience: ${audience}`);
  if (input.feedback) lines.push('', `Revised after feedback: ${input.feedback}`);
  return { kind: 'text', text: lines.join('\n') };
}

/** write: a draft that follows the upstream outline, one paragraph per outline item. */
export function writeContent(input: TaskInput): TextOutput {
  const outline = upstreamText(input);
  const items = outline
    .split('\n')
    .map((l) => l.match(/^\s*(?:\d+\.|[-*])\s+(.+)$/)?.[1]?.trim())
    .filter((l): l is string => Boolean(l));
  const heads = items.length > 0 ? items : ['Introduction', 'Discussion', 'Conclusion'];
  const goal = input.goal.trim().replace(/[.?!]+$/, '');
  const parts = [`# ${capitalise(truncate(goal, 100))}`, ''];
  for (const head of heads) {
    const [title, detail] = head.split(/:\s*/, 2);
    parts.push(`## ${capitalise(title ?? head)}`, '');
    parts.push(
      `${capitalise(detail ?? 'an overview')} for "${goal}". This section covers ${(
        title ?? head
      ).toLowerCase()} and how it relates to the goal.`,
      '',
    );
  }
  if (input.feedback) parts.push(`_Revised to address: ${input.feedback}_`, '');
  return { kind: 'text', text: parts.join('\n').trimEnd() };
}

const FILLERS = /\b(?:very|really|basically|actually|just|quite|simply)\s+/gi;

/** edit: tidies upstream text (filler words, doubled words, spacing, sentence capitals). */
export function editContent(input: TaskInput): TextOutput {
  const source = upstreamText(input) || input.goal;
  const text = source
    .split('\n')
    .map((line) =>
      line
        .replace(FILLERS, '')
        .replace(/\b(\w+)\s+\1\b/gi, '$1')
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/\s+([,.;:!?])/g, '$1')
        .replace(/(^|[.!?]\s+)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { kind: 'text', text };
}

/** review: checks structure, length and style of the upstream text; approved when nothing blocks. */
export function reviewContent(input: TaskInput): ReviewOutput {
  const text = upstreamText(input);
  const blocking: string[] = [];
  const advice: string[] = [];
  const words = terms(text).length;
  if (words === 0) blocking.push('There is no text to review.');
  else if (words < 30) blocking.push(`The text is too short (${words} content words).`);
  if (words > 0 && !/^#{1,3}\s/m.test(text)) advice.push('Consider adding headings.');
  const long = sentences(text).filter((s) => s.split(/\s+/).length > 40);
  if (long.length > 0) advice.push(`${long.length} sentence(s) exceed 40 words; split them.`);
  if (/\b(\w+)\s+\1\b/i.test(text)) blocking.push('The text repeats a word ("the the").');
  const goalTerms = new Set(terms(input.goal));
  const covered = terms(text).filter((t) => goalTerms.has(t));
  if (words > 0 && goalTerms.size > 0 && covered.length === 0) {
    blocking.push('The text does not mention any term of the goal.');
  }
  return {
    kind: 'review',
    approved: blocking.length === 0,
    comments: [...blocking, ...advice, ...(blocking.length === 0 ? ['Ready to publish.'] : [])],
  };
}
