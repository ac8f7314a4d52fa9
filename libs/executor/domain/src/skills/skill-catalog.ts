import type { TaskInput, TaskOutput } from '@agora/contracts';
import { editContent, planContent, reviewContent, writeContent } from './content.skills';
import { diagnose } from './devops.skills';
import { analyzeSources, composeReport, validateAnalysis } from './research.skills';
import { classifyMessage, escalateMessage, respondToMessage } from './support.skills';

/** Skills that need nothing but the task's input. */
export type PureSkill =
  | 'analyze'
  | 'report'
  | 'plan'
  | 'write'
  | 'edit'
  | 'review'
  | 'classify'
  | 'respond'
  | 'escalate'
  | 'diagnose';

/** Skills that reach outside the process: memory over Kafka, a shell, HTTP. */
export type IoSkill = 'memory-search' | 'validate' | 'shell' | 'http';

export type Skill = PureSkill | IoSkill;

/** Pure skills whose output is free text, which a language model can write instead. */
export const modelWritableSkills: ReadonlySet<Skill> = new Set([
  'plan',
  'write',
  'edit',
  'respond',
  'diagnose',
]);

/** The skill that serves a capability; devops steps with `params.url` are HTTP checks. */
export function skillFor(capability: string, input: TaskInput): Skill | undefined {
  switch (capability) {
    case 'gather':
    case 'retrieve':
      return 'memory-search';
    case 'analyze':
    case 'validate':
    case 'report':
    case 'plan':
    case 'write':
    case 'edit':
    case 'review':
    case 'classify':
    case 'respond':
    case 'escalate':
    case 'diagnose':
      return capability;
    case 'detect':
    case 'remediate':
    case 'verify':
      return typeof input.params['url'] === 'string' ? 'http' : 'shell';
    default:
      return undefined;
  }
}

/** Runs a pure skill. */
export function runPureSkill(skill: PureSkill, input: TaskInput): TaskOutput {
  switch (skill) {
    case 'analyze':
      return analyzeSources(input);
    case 'report':
      return composeReport(input);
    case 'plan':
      return planContent(input);
    case 'write':
      return writeContent(input);
    case 'edit':
      return editContent(input);
    case 'review':
      return reviewContent(input);
    case 'classify':
      return classifyMessage(input);
    case 'respond':
      return respondToMessage(input);
    case 'escalate':
      return escalateMessage(input);
    case 'diagnose':
      return diagnose(input);
  }
}

export function isPureSkill(skill: Skill): skill is PureSkill {
  return skill !== 'memory-search' && skill !== 'validate' && skill !== 'shell' && skill !== 'http';
}

/** Re-exported so the I/O side of validate can call the pure check. */
export { validateAnalysis };
