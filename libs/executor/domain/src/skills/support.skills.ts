import type {
  ClassificationOutput,
  EscalationOutput,
  TaskInput,
  TextOutput,
} from '@agora/contracts';
import { upstreamOutputs } from './research.skills';
import { cosine, termCounts, truncate } from './text';

/** Keywords per label: each label's centroid in term space. */
export const defaultLabels: Readonly<Record<string, string>> = {
  billing:
    'invoice bill billing charge charged refund payment pay card credit price subscription plan cost paid overcharged receipt',
  technical:
    'error bug crash broken fail failed failing not working slow timeout install update outage down login password reset api',
  account:
    'account profile email username sign signup register delete close settings access locked permissions',
  shipping:
    'delivery deliver shipping shipped package parcel order tracking arrive arrived late lost address courier',
  general: 'question information help hours contact feedback thanks hello general inquiry',
};

/** The text to classify or answer: `inputs.message`, `params.text`, else the goal. */
export function messageOf(input: TaskInput): string {
  const fromParams = input.params['text'];
  return (
    input.inputs['message'] ??
    input.inputs['ticket'] ??
    (typeof fromParams === 'string' ? fromParams : undefined) ??
    input.goal
  );
}

/**
 * classify: cosine similarity of the message to each label's keyword centroid, turned into
 * probabilities with a softmax; the confidence is the winner's probability. Labels come from
 * `params.labels` ({ label: "keywords…" }) or the default support labels.
 */
export function classifyMessage(input: TaskInput): ClassificationOutput {
  const custom = input.params['labels'];
  const labels =
    custom && typeof custom === 'object' && !Array.isArray(custom)
      ? Object.fromEntries(
          Object.entries(custom as Record<string, unknown>).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(' ') : String(v),
          ]),
        )
      : defaultLabels;
  const message = termCounts(messageOf(input));
  const raw = Object.entries(labels).map(
    ([label, words]) => [label, cosine(message, termCounts(words))] as const,
  );
  // Temperature 0.1 turns a cosine gap of 0.1 into a 2.7x odds ratio.
  const exps = raw.map(([label, s]) => [label, Math.exp(s / 0.1)] as const);
  const total = exps.reduce((sum, [, e]) => sum + e, 0);
  const scores = Object.fromEntries(exps.map(([l, e]) => [l, round(e / total)]));
  const [label, best] = [...raw].sort((a, b) => b[1] - a[1])[0] ?? ['general', 0];
  return {
    kind: 'classification',
    label: best > 0 ? label : 'general',
    confidence: best > 0 ? (scores[label] ?? 0) : round(1 / Math.max(1, raw.length)),
    scores,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

const replies: Record<string, string> = {
  billing: 'I have looked into the charges on your account.',
  technical: 'I am sorry the service is not working as expected.',
  account: 'I can help with your account settings.',
  shipping: 'I have checked the status of your delivery.',
  general: 'Thank you for getting in touch.',
};

/**
 * Whether the request has no documented answer: it was looked up (an upstream step searched
 * memory) and nothing the reply may quote was found.
 */
export function isUndocumented(input: TaskInput): boolean {
  const searches = upstreamOutputs(input, 'sources');
  return searches.length > 0 && searches.every((s) => s.sources.length === 0);
}

/** What the customer is told when nothing documented answers the request. */
export const UNDOCUMENTED_REPLY =
  'There is no documented answer to your question in our help articles, so rather than guess I have passed your message to a member of our team, who will reply to you.';

/**
 * respond: a reply built from the classification and the retrieved knowledge, citing it. It says
 * what it answers (the customer's own words), so the customer, and the evaluator's relevance
 * check, can tell the reply is about their message. When the knowledge was looked up and nothing
 * was found, it says there is no documented answer and that a person will reply, and nothing
 * else: no opening that sounds as if the request had been looked into.
 */
export function respondToMessage(input: TaskInput): TextOutput {
  const classification = upstreamOutputs(input, 'classification')[0];
  const label = classification?.label ?? classifyMessage(input).label;
  const sources = upstreamOutputs(input, 'sources').flatMap((s) => s.sources);
  const lines = [
    'Hello,',
    '',
    `About your message: "${truncate(messageOf(input).trim(), 300)}"`,
    '',
  ];
  if (isUndocumented(input)) {
    lines.push(UNDOCUMENTED_REPLY, '', 'Kind regards,', 'Support');
    return { kind: 'text', text: lines.join('\n') };
  }
  lines.push(replies[label] ?? replies['general']!);
  if (sources.length > 0) {
    lines.push('', 'Here is what our documentation says:');
    for (const s of sources.slice(0, 3)) {
      lines.push(`> ${truncate(s.quote, 400)}${s.title ? ` (${s.title})` : ''}`);
    }
  } else {
    lines.push('', 'A member of our team will follow up with the details.');
  }
  lines.push('', 'Kind regards,', 'Support');
  return { kind: 'text', text: lines.join('\n') };
}

/**
 * escalate: a hand-over to a person with why (the step's `reason`, else every reason found: a
 * low confidence, no documented answer) and what happened so far, the reply included.
 */
export function escalateMessage(input: TaskInput, threshold = 0.6): EscalationOutput {
  const classification = upstreamOutputs(input, 'classification')[0];
  const reasonParam = input.params['reason'];
  const found = [
    classification && classification.confidence < threshold
      ? `classification confidence ${classification.confidence} is below ${threshold}`
      : '',
    isUndocumented(input)
      ? 'no document the customer may be quoted answers the request, so it needs a person to answer'
      : '',
  ].filter(Boolean);
  const reason =
    typeof reasonParam === 'string' && reasonParam
      ? reasonParam
      : found.length > 0
        ? found.join('; ')
        : 'the request needs a person to decide';
  const reply = upstreamOutputs(input, 'text').at(-1);
  const summary = [
    `Message: ${truncate(messageOf(input), 500)}`,
    classification ? `Category: ${classification.label} (${classification.confidence})` : '',
    reply ? `Told so far: ${truncate(reply.text.replace(/\s+/g, ' ').trim(), 500)}` : '',
    input.feedback ? `Feedback: ${input.feedback}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { kind: 'escalation', reason, summary };
}
