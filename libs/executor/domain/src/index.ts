export { BID_MEMORY_MS, BidBook } from './bid-book';
export {
  AgentDefinitionError,
  parseAgentDefinitions,
  withAgentIdSuffix,
  type AgentCostModel,
  type AgentDefinition,
} from './agent-definition';
export {
  confidenceOf,
  decideBid,
  DURATION_EWMA_ALPHA,
  loadOf,
  nextEwma,
  priceOf,
  type AgentState,
  type BidDecision,
  type CallSummary,
  type CapabilityStats,
} from './bidding';
export { allowedCommand, allowedUrl, NotAllowedError } from './skills/allow-lists';
export { findingsOf } from './skills/devops.skills';
export {
  searchLimitOf,
  searchQueryOf,
  sourcesFromHits,
  upstreamOutputs,
  type SourceDocument,
} from './skills/research.skills';
export { upstreamText } from './skills/content.skills';
export {
  isPureSkill,
  modelWritableSkills,
  runPureSkill,
  skillFor,
  validateAnalysis,
  type IoSkill,
  type PureSkill,
  type Skill,
} from './skills/skill-catalog';
export { InvalidTaskInputError, parseTaskInput } from './task-input';
