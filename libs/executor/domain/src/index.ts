export {
  AgentDefinitionError,
  agentToolNames,
  limitsOf,
  parseAgentDefinitions,
  parseAgentsConfig,
  quoteLevelOf,
  splitToolEntries,
  toolsOf,
  withAgentIdSuffix,
  type AgentCostModel,
  type AgentDefinition,
  type AgentLimits,
  type AgentMemory,
  type AgentModel,
  type AgentsConfig,
  type AgentsConfigOptions,
  type AgentToolEntry,
  type AgentToolName,
} from './agent-definition';
export {
  delegationDepthOf,
  delegationKey,
  DelegationRefusedError,
  MAX_DELEGATION_DEPTH,
  MAX_REQUEST_CHARS,
  nextDelegationDepth,
  parseAgentAsk,
  subGoalSubmission,
  type AgentAsk,
  type DelegatingTask,
  type ParentGoal,
  type SubGoalSubmission,
} from './delegation';
export {
  mcpServerNamePattern,
  mcpToolName,
  parseMcpServers,
  parseMcpToolRef,
  selectMcpTools,
  TOOL_NAME_MAX,
  type McpHttpServer,
  type McpServerDefinition,
  type McpServersParse,
  type McpStdioServer,
  type McpToolBinding,
  type McpToolRef,
  type McpToolSelector,
} from './mcp-servers';
export {
  basePriceOf,
  confidenceOf,
  decideBid,
  DURATION_EWMA_ALPHA,
  ESTIMATED_TASK_TOKENS,
  loadOf,
  nextEwma,
  priceOf,
  type AgentState,
  type BidDecision,
  type CallSummary,
  type CapabilityStats,
} from './bidding';
export {
  allowedCommand,
  allowedUrl,
  checkCommand,
  checkUrl,
  NotAllowedError,
} from './skills/allow-lists';
export { findingsOf } from './skills/devops.skills';
export {
  searchLimitOf,
  searchQueryOf,
  sourcesFromHits,
  upstreamOutputs,
  type SourceDocument,
} from './skills/research.skills';
export { upstreamMaterial, upstreamText } from './skills/content.skills';
export { builtInSkills, defaultSkills } from './skills/built-in-skills';
export {
  defineSkill,
  SkillRegistry,
  type SkillContext,
  type SkillDefinition,
  type SkillMemoryDocument,
  type SkillMemoryQuery,
  type SubGoalResult,
} from './skills/skill-definition';
// Task inputs are parsed by their schema in @agora/contracts.
export { InvalidTaskInputError, parseTaskInput } from '@agora/contracts';
