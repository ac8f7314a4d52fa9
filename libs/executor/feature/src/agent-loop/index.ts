export {
  AgentLoop,
  parseAnswer,
  type AgentLoopRequest,
  type AgentLoopResult,
} from './agent-loop.service';
export { agentTools, toolsFor, TOOL_RESULT_MAX_CHARS, type AgentTool } from './agent-tools';
export { McpServerClient, McpServerUnavailableError, type McpToolInfo } from './mcp-server.client';
export { McpTools } from './mcp-tools.service';
export {
  PlannerGoalsClient,
  PlannerRequestError,
  type PlannerGoal,
  type PlannerGoalsClientOptions,
} from './planner-goals.client';
