import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflow, type WorkflowDefinition } from './workflow-definition';

/** Names of the workflows shipped in this library: the defaults every planner has. */
export const shippedWorkflowNames = [
  'research',
  'content',
  'support',
  'devops',
  'triage',
  'publish',
] as const;
export type ShippedWorkflowName = (typeof shippedWorkflowNames)[number];

/** Where the shipped YAML definitions live. */
export const shippedWorkflowsDir = join(__dirname, '..', 'workflows');

/**
 * Where a workflow comes from: `default` (shipped, or a file of PLANNER_WORKFLOWS_DIR: fixed for
 * the life of the process) or `registered` (through the REST API, shared by every replica).
 */
export type WorkflowOrigin = 'default' | 'registered';

/** What applying a registration or removal did to the catalog. */
export type CatalogChange =
  /** A new registered workflow. */
  | 'added'
  /** A registered workflow replaced by a new definition. */
  | 'replaced'
  /** A registered workflow removed. */
  | 'removed'
  /** A removal of a name the catalog does not hold as registered. */
  | 'unchanged'
  /**
   * Kept but not used: a default of the same name wins. Replicas may ship more defaults than the
   * one that accepted the registration (a newer version, another PLANNER_WORKFLOWS_DIR).
   */
  | 'shadowed';

/**
 * The workflows goals may name: the defaults, fixed at start, plus the registered ones, which
 * change while the planner runs (see {@link apply}). Names resolve to a default first.
 */
export class WorkflowCatalog {
  private readonly defaults: ReadonlyMap<string, WorkflowDefinition>;
  private readonly registered = new Map<string, WorkflowDefinition>();

  constructor(workflows: readonly WorkflowDefinition[]) {
    this.defaults = new Map(workflows.map((w) => [w.name, w]));
  }

  get names(): string[] {
    return [...new Set([...this.defaults.keys(), ...this.registered.keys()])];
  }

  get(name: string): WorkflowDefinition | undefined {
    return this.defaults.get(name) ?? this.registered.get(name);
  }

  /** Where the workflow a name resolves to comes from; undefined for an unknown name. */
  origin(name: string): WorkflowOrigin | undefined {
    if (this.defaults.has(name)) return 'default';
    return this.registered.has(name) ? 'registered' : undefined;
  }

  /**
   * Applies the latest state of a registered workflow: a definition registers or replaces it,
   * null removes it. Applying the records of the workflows topic in order gives every replica
   * the same registered set, whatever it held before.
   */
  apply(name: string, definition: WorkflowDefinition | null): CatalogChange {
    if (definition === null) return this.registered.delete(name) ? 'removed' : 'unchanged';
    const had = this.registered.has(name);
    this.registered.set(name, definition);
    if (this.defaults.has(name)) return 'shadowed';
    return had ? 'replaced' : 'added';
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

/**
 * Throws, naming the key, unless the default workflow (when set) is in the catalog. Checked once
 * the registered workflows are read, since the default may be one of them.
 */
export function checkDefaultWorkflow(catalog: WorkflowCatalog, name: string | undefined): void {
  if (name === undefined || catalog.get(name)) return;
  throw new Error(
    `PLANNER_DEFAULT_WORKFLOW: unknown workflow '${name}'; known workflows: ${catalog.names.sort().join(', ')}`,
  );
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
