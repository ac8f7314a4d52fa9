import type { TaskInput } from '@agora/contracts';
import { editContent, planContent, reviewContent, writeContent } from './content.skills';
import { diagnose } from './devops.skills';
import {
  analyzeSources,
  composeReport,
  searchLimitOf,
  searchQueryOf,
  sourcesFromHits,
  upstreamOutputs,
  validateAnalysis,
} from './research.skills';
import { defineSkill, SkillRegistry, type SkillDefinition } from './skill-definition';
import { classifyMessage, escalateMessage, respondToMessage } from './support.skills';

/*
 * The built-in skills: deterministic, offline, the tests' baseline. Each also has a `prompt`:
 * when the agent has a model (its own, or the executor-wide one) and the tools in `modelTools`,
 * the model does the step instead (apps/executor/agents.model.yaml is such a swarm).
 */

/** How a model cites: passages copied from what it was given, never written by itself. */
const CITE =
  'Copy every citation unchanged (itemId, title, source, quote) from a memory_search result or from the material of earlier steps; never write or alter a quote.';

const memorySearch = defineSkill({
  name: 'memory-search',
  description: 'Searches memory for documents and quotes their best passages.',
  capabilities: ['gather', 'retrieve'],
  output: 'sources',
  prompt: `You find what the swarm's memory knows for this step. Search it with memory_search: first for the request in its own words (the customer's message when there is one, else the goal), then for its key terms when that finds little. Answer with the passages that bear on the request, best first, at most params.k of them; leave out those that do not. 'query' is your main search. ${CITE}`,
  modelTools: ['memory_search'],
  async run(input, ctx) {
    const query = searchQueryOf(input);
    // Documents, not the swarm's own earlier goals and results, back an answer.
    const hits = await ctx.searchMemory({ query, k: searchLimitOf(input), kinds: ['knowledge'] });
    return sourcesFromHits(query, hits);
  },
});

const validate = defineSkill({
  name: 'validate',
  description: "Checks an analysis's claims against the memory items they cite.",
  capabilities: ['validate'],
  output: 'validation',
  prompt:
    "You check an analysis against its sources. For each point of the analysis in the material of earlier steps, read the passages it cites (search memory with memory_search when a quote alone does not settle it) and decide whether they support the point as stated. 'checked' is the number of points, 'supported' how many their citations support, and 'issues' has one line for each point that does not hold, naming it and saying why.",
  modelTools: ['memory_search'],
  async run(input, ctx) {
    const itemIds = [
      ...new Set(
        upstreamOutputs(input, 'analysis').flatMap((a) =>
          a.points.flatMap((p) => p.citations.map((c) => c.itemId)),
        ),
      ),
    ];
    // Quotes are checked against the items themselves, fetched in full by id.
    const hits =
      itemIds.length === 0 ? [] : await ctx.searchMemory({ query: '', k: itemIds.length, itemIds });
    return validateAnalysis(input, new Map(hits.map((h) => [h.itemId, h.content])));
  },
});

/** A string parameter of the step; empty when absent or not a string (the allow-list refuses it). */
function stringParam(input: TaskInput, name: string): string {
  const value = input.params[name];
  return typeof value === 'string' ? value : '';
}

const shell = defineSkill({
  name: 'shell',
  description: 'Runs the step’s allow-listed command (params.command).',
  capabilities: ['detect', 'remediate', 'verify'],
  output: 'shell',
  prompt:
    'You operate a host through the shell tool, which runs only allow-listed commands. Run the command the step names (params.command); when it names none, the allow-listed command that best serves the goal and what earlier steps found. When a command fails, read its error and try an allowed alternative. Answer with the result of the command that answers the step, exactly as the tool returned it (command, exitCode, stdout, stderr, durationMs); never invent output.',
  modelTools: ['shell'],
  accepts: (input) => typeof input.params['url'] !== 'string',
  run: (input, ctx) => ctx.runCommand(stringParam(input, 'command')),
});

const http = defineSkill({
  name: 'http',
  description: 'GETs the step’s URL (params.url) on an allow-listed host.',
  capabilities: ['detect', 'remediate', 'verify'],
  output: 'http',
  prompt:
    "You check a service over HTTP with the http_get tool, which reaches only allow-listed hosts. GET the step's URL (params.url) and answer with the response exactly as the tool returned it (url, status, body); never invent output.",
  modelTools: ['http_get'],
  accepts: (input) => typeof input.params['url'] === 'string',
  run: (input, ctx) => ctx.httpGet(stringParam(input, 'url')),
});

const pure = (
  name: string,
  output: string,
  description: string,
  run: SkillDefinition['run'],
  prompt: string,
  modelTools?: SkillDefinition['modelTools'],
): SkillDefinition =>
  defineSkill({
    name,
    description,
    capabilities: [name],
    output,
    run,
    prompt,
    ...(modelTools ? { modelTools } : {}),
  });

/** Every built-in skill, registered by default. */
export const builtInSkills: readonly SkillDefinition[] = [
  memorySearch,
  pure(
    'analyze',
    'analysis',
    'Extracts cited key points from sources.',
    analyzeSources,
    `You analyse sources for the goal. From the sources in the material of earlier steps (search memory with memory_search when they are not enough), extract the findings that answer the goal: each point states one finding in a sentence of your own and cites the passages that support it; leave out what no passage supports. 'summary' answers the goal in two to four sentences. ${CITE}`,
  ),
  validate,
  pure(
    'report',
    'report',
    'Writes a cited Markdown report.',
    composeReport,
    `You write the goal's final report from the analysis and the validation in the material of earlier steps. 'title' is plain text; 'markdown' has a summary that answers the goal, numbered key findings each ending with its [n] references, what the validation found, and a numbered list of sources; 'citations' lists the passages [n] refers to, in order. State only what the cited passages support. ${CITE}`,
  ),
  pure(
    'plan',
    'text',
    'Outlines a piece of writing.',
    planContent,
    'You plan written content. Answer with a numbered Markdown outline and nothing else.',
  ),
  pure(
    'write',
    'text',
    'Drafts the text from the outline.',
    writeContent,
    'You write clear, factual Markdown drafts that follow the given outline.',
  ),
  pure(
    'edit',
    'text',
    'Edits a draft.',
    editContent,
    'You edit text for clarity and correctness without changing its meaning. Answer with the edited text only.',
  ),
  pure(
    'review',
    'review',
    'Approves or rejects a draft, with comments.',
    reviewContent,
    "You are the editor who decides whether a piece may go out. Judge the latest draft in the material of earlier steps against the goal (and the outline, when there is one): does it cover what the goal asks, is it accurate, clear and well organised? 'approved' is true only when it can go out as it is; 'comments' are concrete remarks (what is wrong or missing, and where), and say what must change when you do not approve.",
  ),
  pure(
    'classify',
    'classification',
    'Labels a support request.',
    classifyMessage,
    "You triage support requests. Read the customer's message (inputs.message, else the goal) and label it with one of params.labels when the step gives them, else one of billing, technical, account, shipping, general. 'scores' gives every label you considered a probability, summing to 1; 'confidence' is the chosen label's. Be honest about doubt: below 0.6 a person takes the request over.",
  ),
  pure(
    'respond',
    'text',
    'Answers the customer from retrieved knowledge.',
    respondToMessage,
    "You are a courteous support agent. Answer the customer using only the given knowledge. When the earlier steps found no documents (their 'sources' are empty), do not answer from your own knowledge: say that there is no documented answer to the question and that a member of the team will reply.",
  ),
  pure(
    'escalate',
    'escalation',
    'Hands the request over to a person.',
    (input) => escalateMessage(input),
    "You hand a support request over to a person. 'reason' says in one sentence why a person must take over (the classification's confidence is too low, no document answers the request, or the request needs a decision an agent may not take); 'summary' gives that person what they need: the customer's request in brief, its category and confidence, and what the customer has been told so far.",
  ),
  shell,
  http,
  pure(
    'diagnose',
    'text',
    'Diagnoses a host from command outputs.',
    diagnose,
    'You are a site reliability engineer. Diagnose the host from the command outputs, worst problem first.',
  ),
];

/** A registry holding the built-in skills; register your own on it. */
export function defaultSkills(): SkillRegistry {
  return new SkillRegistry().register(...builtInSkills);
}
