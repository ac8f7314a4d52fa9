import { describe, expect, it } from 'vitest';
import { parseAgentDefinitions, quoteLevelOf } from './agent-definition';

describe("an agent's memory bound", () => {
  const agent = (memory?: unknown) =>
    parseAgentDefinitions([{ id: 'desk', capabilities: ['respond'], capacity: 1, memory }], 't')[0];

  it('reads memory.maxVisibility and names the agent and field when it is bad', () => {
    expect(agent({ maxVisibility: 'public' })!.memory).toEqual({ maxVisibility: 'public' });
    expect(agent()!.memory).toBeUndefined();
    expect(() => agent({ maxVisibility: 'customers' })).toThrow(
      'agent desk: memory.maxVisibility: expected one of public, internal, restricted',
    );
    expect(() => agent({ quote: 'public' })).toThrow(/agent desk: memory: /);
  });

  it("lets a task quote the stricter of the step's params.quote and the agent's bound", () => {
    const desk = agent({ maxVisibility: 'public' });
    const staff = agent();
    expect(quoteLevelOf(staff, {})).toBe('internal');
    expect(quoteLevelOf(staff, { quote: 'restricted' })).toBe('restricted');
    expect(quoteLevelOf(staff, { quote: 'public' })).toBe('public');
    expect(quoteLevelOf(desk, { quote: 'restricted' })).toBe('public');
    expect(quoteLevelOf(desk, {})).toBe('public');
    expect(quoteLevelOf(undefined, {})).toBe('internal');
    expect(() => quoteLevelOf(staff, { quote: 'all' })).toThrow(/^params\.quote: /);
  });
});
