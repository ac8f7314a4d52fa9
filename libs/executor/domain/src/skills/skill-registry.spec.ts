import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  builtInCapabilities,
  builtInOutputKind,
  outputKinds,
  type ShellOutput,
  type TaskInput,
} from '@agora/contracts';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { builtInSkills, defaultSkills } from './built-in-skills';
import { defineSkill, SkillRegistry, type SkillContext } from './skill-definition';

const input = (goal: string, extra: Partial<TaskInput> = {}): TaskInput => ({
  goal,
  inputs: {},
  params: {},
  upstream: [],
  ...extra,
});

const doc = {
  itemId: 'kb:kafka#1',
  title: 'Kafka',
  source: 'kafka.md',
  content:
    'Kafka scales by splitting a topic into partitions. Consumers in a group share the partitions.',
};

/** A context with memory holding one document, and a shell and HTTP that answer at once. */
const context = (): SkillContext => ({
  agentId: 'agent-1',
  signal: new AbortController().signal,
  searchMemory: () => Promise.resolve([doc]),
  runCommand: (command) =>
    Promise.resolve({
      kind: 'shell',
      command,
      exitCode: 0,
      stdout: ' 10:00  up 3 days,  load average: 0.10, 0.20, 0.30',
      stderr: '',
      durationMs: 3,
    } satisfies ShellOutput),
  httpGet: (url) => Promise.resolve({ kind: 'http', url, status: 200, body: 'ok' }),
  progress: () => undefined,
});

describe('the skill registry', () => {
  const skills = defaultSkills();

  it('serves every built-in capability with a skill of the kind the capability outputs', () => {
    expect(skills.capabilities()).toEqual(Object.keys(builtInCapabilities).sort());
    for (const capability of Object.keys(builtInCapabilities)) {
      const skill = skills.forTask(capability, input('g'));
      expect(skill, capability).toBeDefined();
      expect(skill!.output, capability).toBe(builtInOutputKind(capability));
    }
    // A check with a URL is an HTTP request, which outputs its own kind.
    expect(skills.forTask('verify', input('g', { params: { url: 'http://x' } }))?.name).toBe(
      'http',
    );
    expect(skills.forTask('translate', input('g'))).toBeUndefined();
  });

  it('takes a new skill with one registration and runs it', async () => {
    const shout = defineSkill({
      name: 'shout',
      description: 'Says the goal louder.',
      capabilities: ['shout'],
      output: 'text',
      run: (task) => ({ kind: 'text', text: task.goal.toUpperCase() }),
    });
    const registry = defaultSkills().register(shout);
    const skill = registry.forTask('shout', input('hello'));
    expect(await skill?.run(input('hello'), context())).toEqual({ kind: 'text', text: 'HELLO' });
    expect(registry.capabilities()).toContain('shout');
  });

  it('refuses a taken name, a malformed capability and an unknown output kind', () => {
    const base = {
      name: 'x',
      description: '',
      capabilities: ['x'],
      output: 'text',
      run: () => ({ kind: 'text' as const, text: '' }),
    };
    expect(() => new SkillRegistry().register(base, base)).toThrow(
      "skill 'x': the name is already registered",
    );
    expect(() => new SkillRegistry().register({ ...base, capabilities: ['Bad Name'] })).toThrow(
      /'Bad Name' is not a capability name/,
    );
    expect(() => new SkillRegistry().register({ ...base, output: 'poem' })).toThrow(
      /unknown output kind 'poem'/,
    );
  });
});

describe('built-in skill outputs against the generated JSON Schema', () => {
  const dir = resolve(__dirname, '../../../../../schemas/payloads');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const schemaOf = (file: string) =>
    ajv.compile(JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as object);
  const anyOutput = schemaOf('TaskOutput.schema.json');

  /** Inputs that give each skill something to work on, upstream outputs included. */
  async function sampleInput(capability: string): Promise<TaskInput> {
    const ctx = context();
    const skills = defaultSkills();
    const run = async (cap: string, task: TaskInput) => skills.forTask(cap, task)!.run(task, ctx);
    const goal = 'How do partitions let Kafka scale?';
    const sources = await run('gather', input(goal));
    const analysis = await run(
      'analyze',
      input(goal, {
        upstream: [{ taskId: 't1', name: 'gather', capability: 'gather', output: sources }],
      }),
    );
    const upstream: TaskInput['upstream'] = [
      { taskId: 't1', name: 'gather', capability: 'gather', output: sources },
      { taskId: 't2', name: 'analyze', capability: 'analyze', output: analysis },
    ];
    const params = ['detect', 'remediate', 'verify'].includes(capability)
      ? { command: 'uptime' }
      : {};
    return input(goal, {
      upstream,
      params,
      inputs: { message: 'I was charged twice for my order' },
    });
  }

  it.each(builtInSkills.flatMap((s) => s.capabilities.map((c) => [s.name, c] as const)))(
    '%s (%s) produces an output its kind’s schema accepts',
    async (name, capability) => {
      const skill = builtInSkills.find((s) => s.name === name)!;
      const task = await sampleInput(capability);
      const output = await skill.run(
        name === 'http' ? { ...task, params: { url: 'https://example.com/' } } : task,
        context(),
      );
      expect(output.kind).toBe(skill.output);
      expect(anyOutput(output), ajv.errorsText(anyOutput.errors)).toBe(true);
      const own = schemaOf(`output/${skill.output}.schema.json`);
      expect(own(output), ajv.errorsText(own.errors)).toBe(true);
      expect(outputKinds.parse(output, skill.output).ok).toBe(true);
    },
  );
});
