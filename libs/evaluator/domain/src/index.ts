export { fail, judge, pass, type Check, type Judgement, type Verdict } from './checks';
export { expectedKind, outputKinds } from './expected-kind';
export {
  checkCitations,
  inspectOutput,
  normaliseWhitespace,
  type Inspection,
  type OutputLimits,
} from './inspect-output';
export type { Judge, JudgeRequest } from './judge.port';
export {
  afterEvaluation,
  afterFailure,
  AGENT_FAULT_CODES,
  INITIAL_REPUTATION,
  type Reputation,
} from './reputation';
