import { commandAllowed, hostAllowed } from '@agora/contracts';
import { WorkflowValidationError, type WorkflowDefinition } from '../workflow/workflow-definition';

/** What the planner knows of a live agent from its latest AgentHeartbeat. */
export interface AgentAllowance {
  agentId: string;
  capabilities: readonly string[];
  /** The executor's shell allow-list, as the agent reports it. */
  allowedCommands: readonly string[];
  /** The executor's HTTP allow-list, as the agent reports it. */
  allowedHosts: readonly string[];
}

/**
 * Refuses a plan that asks for a command (`params.command`) or a URL (`params.url`) that no live
 * agent able to run its step would run: the executors own the allow-lists and report them in
 * their heartbeats, so the goal fails now, saying why, instead of failing attempt after attempt
 * in the executor.
 *
 * A step whose capability no live agent declares is let through: what an agent that comes
 * later will allow is unknown, and the task waits for one as any other does.
 *
 * @throws WorkflowValidationError naming the step and the field
 */
export function checkCommands(
  workflow: WorkflowDefinition,
  agents: readonly AgentAllowance[],
  source: string,
): void {
  for (const step of workflow.steps) {
    const able = agents.filter((a) => a.capabilities.includes(step.capability));
    for (const field of ['command', 'url'] as const) {
      const value = step.params[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || value.trim() === '') {
        throw new WorkflowValidationError(
          source,
          `expected a ${field} string`,
          step.name,
          `params.${field}`,
        );
      }
      if (able.length === 0) continue;
      const allows = (agent: AgentAllowance) =>
        field === 'command'
          ? commandAllowed(value, agent.allowedCommands)
          : urlAllowed(value, agent.allowedHosts);
      if (able.some(allows)) continue;
      const lists = able.map((a) => (field === 'command' ? a.allowedCommands : a.allowedHosts));
      const allowed = [...new Set(lists.flat())].sort();
      throw new WorkflowValidationError(
        source,
        `no live agent with capability '${step.capability}' allows ${field} '${value}' ` +
          `(they allow: ${allowed.join(', ') || 'none'})`,
        step.name,
        `params.${field}`,
      );
    }
  }
}

/** Every command some live agent allows, for a model's planning prompt. */
export function allowedCommandsOf(agents: readonly AgentAllowance[]): string[] {
  return [...new Set(agents.flatMap((a) => a.allowedCommands))].sort();
}

function urlAllowed(raw: string, hosts: readonly string[]): boolean {
  try {
    return hostAllowed(new URL(raw), hosts);
  } catch {
    return false;
  }
}
