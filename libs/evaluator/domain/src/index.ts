export {
  checkAward,
  MAY_FIND_NOTHING_PARAM,
  MIN_RELEVANCE_PARAM,
  NO_TERMS,
  termsOfAward,
  type AwardCheck,
  type TermsOfAward,
} from './award-check';
export { fail, judge, pass, type Check, type Judgement, type Verdict } from './checks';

export {
  checkCitations,
  expectedKind,
  inspectOutput,
  normaliseWhitespace,
  type CitedItem,
  type InspectOptions,
  type Inspection,
  type OutputLimits,
} from './inspect-output';
export {
  combineWithOpinion,
  hasHardFailure,
  MalformedJudgeAnswerError,
  parseJudgeAnswer,
  type Opinion,
} from './judge-opinion';
export type { Judge, JudgeRequest } from './judge.port';
export {
  afterEvaluation,
  afterFailure,
  AGENT_FAULT_CODES,
  INITIAL_REPUTATION,
  type Reputation,
} from './reputation';
export {
  DEFAULT_RELEVANCE_THRESHOLDS,
  relevanceCheck,
  relevanceThreshold,
  relevanceTo,
  type RelevanceEmbedder,
  type RelevanceEmbedderName,
  type RelevanceSettings,
  type RelevanceThresholds,
} from './relevance';
export { checkUndocumentedReply } from './undocumented-reply';
