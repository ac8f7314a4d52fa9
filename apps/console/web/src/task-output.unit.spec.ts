import { describe, expect, it } from 'vitest';
import { taskOutputMarkdown } from './task-output';

describe('taskOutputMarkdown', () => {
  it('renders a report as its own Markdown', () => {
    const output = { kind: 'report', title: 'T', markdown: '# T\n\nBody', citations: [] };
    expect(taskOutputMarkdown(JSON.stringify(output))).toBe('# T\n\nBody');
  });

  it('lists sources with their quotes instead of showing JSON', () => {
    const md = taskOutputMarkdown(
      JSON.stringify({
        kind: 'sources',
        query: 'consumer groups',
        sources: [{ itemId: 'a', title: 'Groups', source: 'groups.md', quote: 'one\ntwo' }],
      }),
    );
    expect(md).toContain('**1 source** for _consumer groups_');
    expect(md).toContain('1. **Groups** (groups.md)');
    expect(md).toContain('> one\n> two');
    expect(md).not.toContain('"kind"');
  });

  it('fences shell output so that backticks inside cannot end the block', () => {
    const md = taskOutputMarkdown(
      JSON.stringify({
        kind: 'shell',
        command: 'df -h',
        exitCode: 0,
        stdout: 'a ``` b',
        stderr: '',
        durationMs: 5,
      }),
    );
    expect(md).toContain('````\na ``` b\n````');
    expect(md).not.toContain('stderr');
  });

  it('shows an unknown kind, or a kind with another shape, as pretty JSON', () => {
    expect(taskOutputMarkdown('{"kind":"poem","lines":["a"]}')).toBe(
      '```json\n{\n  "kind": "poem",\n  "lines": [\n    "a"\n  ]\n}\n```',
    );
    expect(taskOutputMarkdown('{"kind":"sources"}')).toMatch(/^```json\n/);
    expect(taskOutputMarkdown('{"kind":"sources"}')).not.toContain('**');
  });

  it('leaves text that is not JSON as it is', () => {
    expect(taskOutputMarkdown('plain **text**')).toBe('plain **text**');
  });
});
