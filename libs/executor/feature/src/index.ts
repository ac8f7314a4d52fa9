export {
  AgentLoop,
  agentTools,
  McpServerClient,
  McpServerUnavailableError,
  McpTools,
  parseAnswer,
  toolsFor,
  type AgentLoopRequest,
  type AgentLoopResult,
  type AgentTool,
  type McpToolInfo,
} from './agent-loop';
export { AgentPool, type HostedAgent, type RunningTask } from './agents/agent-pool';
export {
  AgentSourceError,
  loadAgents,
  type AgentSource,
  type ExecutorConfig,
} from './executor-config';
export { ExecutorModule } from './executor.module';
export { executorGroups, ExecutorService } from './executor.service';
export { MemorySearchClient, type MemorySearch } from './skills/memory-search.client';
export { SkillError } from './skills/skill-error';
export { loadSkillModules, SkillModuleError } from './skills/skill-modules';
