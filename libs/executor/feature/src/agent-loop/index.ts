export {
  AgentLoop,
  parseAnswer,
  type AgentLoopRequest,
  type AgentLoopResult,
} from './agent-loop.service';
export { agentTools, toolsFor, TOOL_RESULT_MAX_CHARS, type AgentTool } from './agent-tools';
