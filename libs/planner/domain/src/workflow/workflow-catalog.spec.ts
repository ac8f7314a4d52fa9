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
