import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflow, type WorkflowDefinition } from './workflow-definition';

/** Names of the workflows shipped in this library, the ones the API accepts. */
export const shippedWorkflowNames = ['research', 'content', 'support', 'devops', 'triage'] as const;
export type ShippedWorkflowName = (typeof shippedWorkflowNames)[number];

/** Where the shipped YAML definitions live. */
export const shippedWorkflowsDir = join(__dirname, '..', 'workflows');

/** A set of validated workflows by name. */
export class WorkflowCatalog {
  private readonly byName: ReadonlyMap<string, WorkflowDefinition>;

  constructor(workflows: readonly WorkflowDefinition[]) {
    this.byName = new Map(workflows.map((w) => [w.name, w]));
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): WorkflowDefinition | undefined {
    return this.byName.get(name);
  }

  /**
   * Reads every `*.yaml` file in a folder. A file whose `name` differs from its file name is
   * refused, so the name a client asks for is the file an operator edits.
   */
  static fromDirectory(dir: string = shippedWorkflowsDir): WorkflowCatalog {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
    const workflows = files.map((file) => {
      const workflow = parseWorkflow(readFileSync(join(dir, file), 'utf8'), file);
      const expected = file.replace(/\.ya?ml$/, '');
      if (workflow.name !== expected) {
        throw new Error(`workflow ${file}: field 'name': expected '${expected}', the file's name`);
      }
      return workflow;
    });
    return new WorkflowCatalog(workflows);
  }
}
