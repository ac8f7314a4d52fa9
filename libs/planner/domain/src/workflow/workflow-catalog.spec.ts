import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedWorkflowNames, WorkflowCatalog } from './workflow-catalog';

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const brief = `name: brief
description: Gather sources and write a short report.
steps:
  - name: gather
    capability: gather
  - name: report
    capability: report
    dependsOn: [gather]
`;

describe('WorkflowCatalog.withDirectory', () => {
  it("adds an operator's workflows to the shipped ones, one file each", () => {
    const catalog = WorkflowCatalog.withDirectory(folder({ 'brief.yaml': brief }));
    expect(catalog.names.sort()).toEqual([...shippedWorkflowNames, 'brief'].sort());
    expect(catalog.get('brief')?.steps.map((s) => s.name)).toEqual(['gather', 'report']);
  });

  it('lets a file named like a shipped workflow replace it', () => {
    const research = brief.replace('name: brief', 'name: research');
    const catalog = WorkflowCatalog.withDirectory(folder({ 'research.yaml': research }));
    expect(catalog.get('research')?.steps.map((s) => s.name)).toEqual(['gather', 'report']);
    expect(catalog.names).toHaveLength(shippedWorkflowNames.length);
  });

  it('refuses a bad file naming the file, step and field, and a folder that does not exist', () => {
    const dir = folder({
      'brief.yaml': brief.replace('dependsOn: [gather]', 'dependsOn: [gahter]'),
    });
    expect(() => WorkflowCatalog.withDirectory(dir)).toThrow(
      `workflow ${join(dir, 'brief.yaml')}: step 'report': field 'dependsOn': unknown step 'gahter'`,
    );
    const misnamed = folder({ 'short.yaml': brief });
    expect(() => WorkflowCatalog.withDirectory(misnamed)).toThrow(
      /short\.yaml: field 'name': expected 'short', the file's name/,
    );
    expect(() => WorkflowCatalog.withDirectory('/no/such/folder')).toThrow(
      'workflows folder /no/such/folder: no such directory',
    );
  });
});

describe('WorkflowCatalog.apply (registered workflows)', () => {
  const registered = (name: string, steps = ['gather', 'report']) => ({
    name,
    description: '',
    steps: steps.map((capability, i) => ({
      name: capability,
      capability,
      dependsOn: i > 0 ? [steps[i - 1] as string] : [],
      params: {},
      maxAttempts: 3,
    })),
  });

  it('adds, replaces and removes registered workflows beside the defaults', () => {
    const catalog = WorkflowCatalog.fromDirectory();
    expect(catalog.apply('brief', registered('brief'))).toBe('added');
    expect(catalog.names.sort()).toEqual([...shippedWorkflowNames, 'brief'].sort());
    expect(catalog.origin('brief')).toBe('registered');
    expect(catalog.origin('research')).toBe('default');
    expect(catalog.origin('nope')).toBeUndefined();
    expect(catalog.apply('brief', registered('brief', ['report']))).toBe('replaced');
    expect(catalog.get('brief')?.steps.map((s) => s.name)).toEqual(['report']);
    expect(catalog.apply('brief', null)).toBe('removed');
    expect(catalog.get('brief')).toBeUndefined();
    expect(catalog.apply('brief', null)).toBe('unchanged');
    expect(catalog.names.sort()).toEqual([...shippedWorkflowNames].sort());
  });

  it('keeps a default over a registered workflow of the same name, and never removes a default', () => {
    const catalog = WorkflowCatalog.fromDirectory();
    const shipped = catalog.get('research');
    expect(catalog.apply('research', registered('research', ['report']))).toBe('shadowed');
    expect(catalog.get('research')).toBe(shipped);
    expect(catalog.names.filter((n) => n === 'research')).toHaveLength(1);
    expect(catalog.apply('research', null)).toBe('removed');
    expect(catalog.get('research')).toBe(shipped);
  });
});
