import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflow, type WorkflowDefinition } from './workflow-definition';

/** Names of the workflows shipped in this library: the defaults every planner has. */
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
    return new WorkflowCatalog(readWorkflows(dir));
  }

  /**
   * The shipped workflows plus those of an operator's folder (PLANNER_WORKFLOWS_DIR): adding a
   * workflow is dropping a YAML file there. A file named like a shipped workflow replaces it.
   */
  static withDirectory(dir: string): WorkflowCatalog {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new Error(`workflows folder ${dir}: no such directory`);
    }
    const own = readWorkflows(dir);
    const names = new Set(own.map((w) => w.name));
    return new WorkflowCatalog([
      ...readWorkflows(shippedWorkflowsDir).filter((w) => !names.has(w.name)),
      ...own,
    ]);
  }
}

function readWorkflows(dir: string): WorkflowDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  return files.map((file) => {
    const workflow = parseWorkflow(readFileSync(join(dir, file), 'utf8'), join(dir, file));
    const expected = file.replace(/\.ya?ml$/, '');
    if (workflow.name !== expected) {
      throw new Error(
        `workflow ${join(dir, file)}: field 'name': expected '${expected}', the file's name`,
      );
    }
    return workflow;
  });
}
