import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chatAnswer,
  chatToolCalls,
  type FakeChatRequest,
  type FakeReply,
} from '@agora/llm/testing';

/*
 * An OpenAI-compatible chat-completions server that answers every step of the shipped workflows
 * as a model with tools would, from the request alone: it reads the step, the goal, its inputs
 * and parameters and the earlier steps' outputs from the prompt the executor's agent loop writes,
 * calls tools first where the step needs them (memory_search, shell) and then answers from what
 * they returned. Nothing is canned per goal: a research report cites the passages its own
 * memory_search found, a reply quotes what retrieve found for the customer's words, a diagnosis
 * reads the command outputs. It stands in for a real model where none can be downloaded.
 */

/** A message as the OpenAI wire format carries it (tool calls and results included). */
interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** A passage as memory_search hands it to the model. */
interface Passage {
  itemId: string;
  title: string | null;
  source: string | null;
  quote: string;
}

/** The task as the agent loop's prompt states it. */
export interface ScriptedStep {
  skill: string;
  goal: string;
  inputs: Record<string, string>;
  params: Record<string, unknown>;
  /** Earlier steps' outputs: text as text, anything else parsed from its JSON. */
  material: { name: string; kind: string; output: unknown }[];
  /** Results of the tools this conversation called, in order. */
  toolResults: { name: string; content: string }[];
}

/** Reads the step from a chat request the agent loop sent. */
export function stepOf(request: FakeChatRequest): ScriptedStep {
  const messages = request.messages as unknown as WireMessage[];
  const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
  const line = (label: string) => new RegExp(`^${label}: (.*)$`, 'm').exec(prompt)?.[1];
  const json = <T>(text: string | undefined, fallback: T): T =>
    text ? (JSON.parse(text) as T) : fallback;
  const calls = new Map<string, string>();
  for (const m of messages) for (const c of m.tool_calls ?? []) calls.set(c.id, c.function.name);
  return {
    skill: /Do the "([^"]+)" step/.exec(prompt)?.[1] ?? '',
    goal: line('Goal') ?? '',
    inputs: json(line('Inputs'), {}),
    params: json(line('Parameters'), {}),
    material: materialOf(prompt),
    toolResults: messages
      .filter((m) => m.role === 'tool')
      .map((m) => ({ name: calls.get(m.tool_call_id ?? '') ?? '', content: m.content ?? '' })),
  };
}

function materialOf(prompt: string): ScriptedStep['material'] {
  const start = prompt.indexOf('Material from earlier steps:\n');
  if (start < 0) return [];
  const rest = prompt.slice(start + 'Material from earlier steps:\n'.length);
  const end = rest.search(/\n\n(?:A reviewer rejected|Do the ")/);
  const body = end < 0 ? rest : rest.slice(0, end);
  const parts = body.split(/^\[([A-Za-z0-9._-]+)\] \(([a-z-]+)\)\n/m).slice(1);
  const material: ScriptedStep['material'] = [];
  for (let i = 0; i + 1 < parts.length; i += 3) {
    const [name, kind, text] = [parts[i]!, parts[i + 1]!, (parts[i + 2] ?? '').trim()];
    material.push({ name, kind, output: kind === 'text' ? text : JSON.parse(text) });
  }
  return material;
}

const outputsOf = <T>(step: ScriptedStep, kind: string): T[] =>
  step.material.filter((m) => m.kind === kind).map((m) => m.output as T);
const passagesIn = (content: string): Passage[] => {
  const parsed = JSON.parse(content) as unknown;
  return Array.isArray(parsed) ? (parsed as Passage[]) : [];
};
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** The sentence of a quote that shares most words with the goal (exact, so still a quote). */
function bestSentence(quote: string, goal: string): string {
  const wordsOf = (text: string) => text.toLowerCase().match(/[a-z]{4,}/g) ?? [];
  const goalWords = new Set(wordsOf(goal));
  const score = (x: string) => wordsOf(x).filter((w) => goalWords.has(w)).length;
  const sentences = quote.match(/[^.!?]+[.!?]+(?=\s|$)/g)?.map((x) => x.trim()) ?? [quote];
  return sentences.reduce((best, x) => (score(x) > score(best) ? x : best), sentences[0]!);
}
const messageOf = (step: ScriptedStep) =>
  step.inputs['message'] ?? step.inputs['ticket'] ?? step.goal;
const plain = (goal: string) => goal.replace(/[.?!]+$/, '');

/** Support categories and the words that point to them. */
const categories: Record<string, RegExp> = {
  billing: /\b(?:charg\w*|refund\w*|invoice\w*|payment|subscription|card)\b/i,
  shipping: /\b(?:parcel|package|deliver\w*|shipp\w*|arriv\w*|tracking)\b/i,
  account: /\b(?:log ?in|password|account|sign(?:ed)? in|locked)\b/i,
  technical: /\b(?:error|crash\w*|bug|broken|slow|outage)\b/i,
};

/** The next turn of one conversation. */
export function scriptedTurn(step: ScriptedStep): FakeReply {
  const model = { model: 'scripted' };
  const json = (value: unknown) => chatAnswer(JSON.stringify(value), model);
  const text = (value: string) => chatAnswer(value, model);
  const search = (query: string, k = 5) =>
    chatToolCalls([{ name: 'memory_search', arguments: { query, k } }], model);
  const searched = step.toolResults.filter((r) => r.name === 'memory_search');
  const found = searched.flatMap((r) => passagesIn(r.content));

  switch (step.skill) {
    case 'memory-search': {
      const query = messageOf(step);
      const k = typeof step.params['k'] === 'number' ? step.params['k'] : 5;
      if (searched.length === 0) return search(query, k);
      return json({ kind: 'sources', query, sources: found.slice(0, k) });
    }
    case 'analyze': {
      const sources = outputsOf<{ sources: Passage[] }>(step, 'sources').flatMap((s) => s.sources);
      const points = sources.slice(0, 4).map((s) => {
        const sentence = bestSentence(s.quote, step.goal);
        return { text: oneLine(sentence), citations: [{ ...s, quote: sentence }] };
      });
      return json({
        kind: 'analysis',
        summary: `${plain(step.goal)}: ${points.map((p) => p.text).join(' ')}`,
        points,
      });
    }
    case 'validate': {
      const points = outputsOf<{ points: { text: string; citations: Passage[] }[] }>(
        step,
        'analysis',
      ).flatMap((a) => a.points);
      const issues = points
        .filter((p) => !p.citations.some((c) => oneLine(c.quote).includes(p.text)))
        .map((p) => `"${p.text}": no cited passage says this`);
      return json({
        kind: 'validation',
        checked: points.length,
        supported: points.length - issues.length,
        issues,
      });
    }
    case 'report': {
      // It looks the goal up itself too, and cites what it found beside the analysis.
      if (searched.length === 0) return search(step.goal, 3);
      const analysis = outputsOf<{
        summary: string;
        points: { text: string; citations: Passage[] }[];
      }>(step, 'analysis')[0];
      const validation = outputsOf<{ checked: number; supported: number }>(step, 'validation')[0];
      const citations: Passage[] = [];
      const ref = (c: Passage) => {
        const at = citations.findIndex((x) => x.itemId === c.itemId && x.quote === c.quote);
        if (at >= 0) return at + 1;
        citations.push(c);
        return citations.length;
      };
      const findings = (analysis?.points ?? []).map(
        (p, i) => `${i + 1}. ${p.text} ${p.citations.map((c) => `[${ref(c)}]`).join('')}`,
      );
      const extra = found.find((f) => !citations.some((c) => c.itemId === f.itemId));
      if (extra) {
        const quote = bestSentence(extra.quote, step.goal);
        findings.push(`${findings.length + 1}. ${oneLine(quote)} [${ref({ ...extra, quote })}]`);
      }
      const title = plain(step.goal);
      const markdown = [
        `# ${title}`,
        '',
        '## Summary',
        '',
        analysis?.summary ?? title,
        '',
        '## Key findings',
        '',
        ...findings,
        '',
        '## Validation',
        '',
        validation
          ? `${validation.supported} of ${validation.checked} findings are supported by their sources.`
          : 'No validation was available.',
        '',
        '## Sources',
        '',
        ...citations.map((c, i) => `${i + 1}. ${c.title ?? c.itemId}: "${oneLine(c.quote)}"`),
      ].join('\n');
      return json({ kind: 'report', title, markdown, citations });
    }
    case 'plan': {
      const subject = plain(step.goal).replace(/^(?:a|an|the)\s+(?:short\s+)?post\s+on\s+/i, '');
      return text(
        [
          `# Outline: ${plain(step.goal)}`,
          '',
          `1. What ${subject} are and why engineers meet them`,
          `2. How ${subject} work, step by step`,
          `3. Pitfalls of ${subject} in production`,
          '4. What to remember',
        ].join('\n'),
      );
    }
    case 'write': {
      if (searched.length === 0) return search(plain(step.goal), 3);
      const outline = outputsOf<string>(step, 'text')[0] ?? '';
      const heads = outline
        .split('\n')
        .map((l) => /^\d+\.\s+(.+)$/.exec(l)?.[1])
        .filter((h): h is string => Boolean(h));
      const facts = found.map((f) => f.quote);
      const sections = (heads.length > 0 ? heads : ['Overview', 'Details']).map(
        (h, i) => `## ${h}\n\n${facts[i % Math.max(1, facts.length)] ?? plain(step.goal)}`,
      );
      return text(
        [`# ${plain(step.goal).replace(/^(?:a|an)\s+/i, '')}`, '', ...sections].join('\n\n'),
      );
    }
    case 'edit': {
      const draft = outputsOf<string>(step, 'text').at(-1) ?? '';
      return text(
        draft
          .replace(/[ \t]{2,}/g, ' ')
          .replace(/\n{3,}/g, '\n\n')
          .trim(),
      );
    }
    case 'review': {
      const draft = outputsOf<string>(step, 'text').at(-1) ?? '';
      const headings = draft.split('\n').filter((l) => l.startsWith('## ')).length;
      return json({
        kind: 'review',
        approved: headings > 0,
        comments:
          headings > 0
            ? [
                `Covers ${plain(step.goal).toLowerCase()} in ${headings} sections, each backed by a passage from memory.`,
              ]
            : ['The draft has no sections; organise it under headings.'],
      });
    }
    case 'classify': {
      const message = messageOf(step);
      const hits = Object.entries(categories).filter(([, words]) => words.test(message));
      const label = hits[0]?.[0] ?? 'general';
      // Two categories at once is a request a person should look at.
      const confidence = hits.length === 1 ? 0.9 : 0.45;
      const labels = ['billing', 'technical', 'account', 'shipping', 'general'];
      const rest = (1 - confidence) / (labels.length - 1);
      return json({
        kind: 'classification',
        label,
        confidence,
        scores: Object.fromEntries(labels.map((l) => [l, l === label ? confidence : rest])),
      });
    }
    case 'respond': {
      const sources = outputsOf<{ sources: Passage[] }>(step, 'sources').flatMap((s) => s.sources);
      const best = sources[0];
      return text(
        [
          'Hello,',
          '',
          `Thank you for writing to us about this: "${messageOf(step)}"`,
          '',
          best
            ? `Our help page says: ${best.quote}`
            : 'I could not find this in our help pages; a colleague will follow up.',
          '',
          'Kind regards,',
          'Support',
        ].join('\n'),
      );
    }
    case 'escalate': {
      const classification = outputsOf<{ label: string; confidence: number }>(
        step,
        'classification',
      )[0];
      const searched = outputsOf<{ sources: Passage[] }>(step, 'sources');
      const undocumented = searched.length > 0 && searched.every((s) => s.sources.length === 0);
      const unsure = (classification?.confidence ?? 0) < 0.6;
      return json({
        kind: 'escalation',
        reason:
          undocumented && !unsure
            ? 'Nothing in the help pages the customer may be quoted answers the request: it needs a person to answer.'
            : `The request is ${classification?.label ?? 'unclear'} at confidence ${classification?.confidence ?? 0}, below 0.6: it mixes several problems and needs a person to decide.`,
        summary: `Customer message: ${messageOf(step)}\nCategory: ${classification?.label ?? 'unknown'} (${classification?.confidence ?? 0})`,
      });
    }
    case 'shell': {
      const command =
        typeof step.params['command'] === 'string' ? step.params['command'] : 'uptime';
      const ran = step.toolResults.filter((r) => r.name === 'shell').at(-1);
      if (!ran) return chatToolCalls([{ name: 'shell', arguments: { command } }], model);
      return chatAnswer(ran.content, model);
    }
    case 'diagnose': {
      const memory = step.toolResults.filter((r) => r.name === 'shell').at(-1);
      if (!memory)
        return chatToolCalls([{ name: 'shell', arguments: { command: 'free -m' } }], model);
      const uptime = outputsOf<{ stdout: string }>(step, 'shell')[0]?.stdout.trim() ?? '';
      const free = (JSON.parse(memory.content) as { stdout?: string }).stdout?.trim() ?? '';
      const load = /load averages?:\s*([\d.]+)/.exec(uptime)?.[1];
      return text(
        [
          `Diagnosis for "${plain(step.goal)}":`,
          '',
          `- Load: ${load ? `the 1-minute load average is ${load}` : 'uptime reported no load average'} (\`${uptime}\`).`,
          `- Memory (\`free -m\`):\n\n\`\`\`\n${free}\n\`\`\``,
          '- Next: check disk space (`df -h`) before anything else.',
        ].join('\n'),
      );
    }
    default:
      return text(`No script for the step "${step.skill}".`);
  }
}

/**
 * Serves the script on 127.0.0.1 (`port` 0: the OS picks one); `baseUrl` is what an agent's
 * model.baseUrl (AGORA_MODEL_BASE_URL) takes. Every request is kept with the step it was for.
 */
export async function scriptedModelServer(port = 0): Promise<{
  baseUrl: string;
  requests: { step: ScriptedStep; body: FakeChatRequest }[];
  close(): Promise<void>;
}> {
  const requests: { step: ScriptedStep; body: FakeChatRequest }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = JSON.parse(raw) as FakeChatRequest;
        const step = stepOf(body);
        requests.push({ step, body });
        scriptedTurn(step)(res);
      } catch (error) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(
            JSON.stringify({ error: { message: String(error), type: 'invalid_request_error' } }),
          );
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
