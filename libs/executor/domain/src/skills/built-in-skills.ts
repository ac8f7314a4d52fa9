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
 * The built-in skills: deterministic, offline, the tests' baseline. Skills with a `prompt` are
 * written by the language model instead when one is configured.
 */

const memorySearch = defineSkill({
  name: 'memory-search',
  description: 'Searches memory for documents and quotes their best passages.',
  capabilities: ['gather', 'retrieve'],
  output: 'sources',
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
  accepts: (input) => typeof input.params['url'] !== 'string',
  run: (input, ctx) => ctx.runCommand(stringParam(input, 'command')),
});

const http = defineSkill({
  name: 'http',
  description: 'GETs the step’s URL (params.url) on an allow-listed host.',
  capabilities: ['detect', 'remediate', 'verify'],
  output: 'http',
  accepts: (input) => typeof input.params['url'] === 'string',
  run: (input, ctx) => ctx.httpGet(stringParam(input, 'url')),
});

const pure = (
  name: string,
  output: string,
  description: string,
  run: SkillDefinition['run'],
  prompt?: string,
): SkillDefinition =>
  defineSkill({
    name,
    description,
    capabilities: [name],
    output,
    run,
    ...(prompt ? { prompt } : {}),
  });

/** Every built-in skill, registered by default. */
export const builtInSkills: readonly SkillDefinition[] = [
  memorySearch,
  pure('analyze', 'analysis', 'Extracts cited key points from sources.', analyzeSources),
  validate,
  pure('report', 'report', 'Writes a cited Markdown report.', composeReport),
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
  pure('review', 'review', 'Approves or rejects a draft, with comments.', reviewContent),
  pure('classify', 'classification', 'Labels a support request.', classifyMessage),
  pure(
    'respond',
    'text',
    'Answers the customer from retrieved knowledge.',
    respondToMessage,
    'You are a courteous support agent. Answer the customer using only the given knowledge.',
  ),
  pure('escalate', 'escalation', 'Hands the request over to a person.', (input) =>
    escalateMessage(input),
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
