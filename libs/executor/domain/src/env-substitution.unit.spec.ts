import { describe, expect, it } from 'vitest';
import { parseAgentsConfig } from './agent-definition';
import { substituteEnv } from './env-substitution';

const agent = {
  id: 'writer',
  capabilities: ['write'],
  capacity: 1,
  model: {
    provider: 'openai',
    baseUrl: '${AGORA_MODEL_BASE_URL:-http://127.0.0.1:11434/v1}',
    model: '${AGORA_MODEL:-llama3.1}',
    apiKeyEnv: '${AGORA_MODEL_API_KEY_ENV:-}',
  },
};

describe('${NAME:-default} in an agents file', () => {
  it('takes the defaults when the variables are unset or empty, and leaves out what comes out empty', () => {
    const { agents } = parseAgentsConfig({ agents: [agent] }, 'f.yaml', {
      env: { AGORA_MODEL: '' },
    });
    expect(agents[0]!.model).toEqual({
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      priceInputPer1k: 0,
      priceOutputPer1k: 0,
    });
  });

  it('takes the variables when they are set', () => {
    const { agents } = parseAgentsConfig({ agents: [agent] }, 'f.yaml', {
      env: {
        AGORA_MODEL_BASE_URL: 'http://10.0.0.5:8000/v1',
        AGORA_MODEL: 'qwen2.5:7b',
        AGORA_MODEL_API_KEY_ENV: 'VLLM_KEY',
      },
    });
    expect(agents[0]!.model).toMatchObject({
      baseUrl: 'http://10.0.0.5:8000/v1',
      model: 'qwen2.5:7b',
      apiKeyEnv: 'VLLM_KEY',
    });
  });

  it('substitutes inside longer values, lists included', () => {
    const problems: string[] = [];
    expect(
      substituteEnv(
        { role: 'You write for ${AUDIENCE:-engineers}.', tools: ['${TOOL:-}', 'shell'] },
        {},
        'agent a',
        problems,
      ),
    ).toEqual({ role: 'You write for engineers.', tools: ['shell'] });
    expect(problems).toEqual([]);
  });

  it('names the agent, the field and the variable when one without a default is unset', () => {
    const bare = { ...agent, model: { ...agent.model, model: '${AGORA_TEST_UNSET_MODEL}' } };
    expect(() => parseAgentsConfig({ agents: [bare] }, 'f.yaml', { env: {} })).toThrow(
      'f.yaml: invalid agents\n  - agent writer: model.model: environment variable AGORA_TEST_UNSET_MODEL is not set (write ${AGORA_TEST_UNSET_MODEL:-default} for a default)',
    );
  });

  it('then checks the substituted value like any other', () => {
    expect(() =>
      parseAgentsConfig({ agents: [agent] }, 'f.yaml', {
        env: { AGORA_MODEL_BASE_URL: 'not a url' },
      }),
    ).toThrow('agent writer: model.baseUrl: expected a URL');
  });
});
