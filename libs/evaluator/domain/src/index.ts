export {
  checkAward,
  MIN_RELEVANCE_PARAM,
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
export { relevanceCheck, relevanceTo, type RelevanceSettings } from './relevance';
