import { describe, expect, it } from 'vitest';
import { doneByLabel, doneByOf, workModeOf } from './done-by';

describe('doneBy', () => {
  it('is the model usage names, or offline when it names none', () => {
    expect(doneByOf({ model: 'anthropic/claude-haiku' })).toEqual({
      mode: 'model',
      model: 'anthropic/claude-haiku',
    });
    expect(doneByOf({ model: null })).toEqual({ mode: 'offline' });
  });

  it("sums up a goal's tasks, ignoring those that did no work", () => {
    const offline = { mode: 'offline' } as const;
    const model = { mode: 'model', model: 'openai/gpt-4o-mini' } as const;
    expect(workModeOf([])).toBeNull();
    expect(workModeOf([null, null])).toBeNull();
    expect(workModeOf([offline, null, offline])).toBe('offline');
    expect(workModeOf([model, null])).toBe('model');
    expect(workModeOf([model, offline])).toBe('mixed');
  });

  it('labels a table cell', () => {
    expect(doneByLabel(null)).toBe('-');
    expect(doneByLabel({ mode: 'offline' })).toBe('offline');
    expect(doneByLabel({ mode: 'model', model: 'ollama/qwen3' })).toBe('ollama/qwen3');
  });
});
