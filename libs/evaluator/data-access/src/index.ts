export {
  AwardRepository,
  type AttemptAward,
  type AwardsRecorded,
  type AwardTerms,
  type ScreenedResult,
  type Screening,
} from './award.repository';
export { EvaluatorAwardQuote1768176000000 } from './award-quote.migration';
export { EvaluatorAwardRelevance1767916800000 } from './award-relevance.migration';
export { EvaluatorAwardTerms1767657600000 } from './award-terms.migration';
export { EvaluatorAwards1767571200000 } from './awards.migration';
export { CreateEvaluatorTables1732420000000 } from './create-evaluator-tables.migration';
export { EvaluationEntity } from './evaluation.entity';
export {
  EvaluationRepository,
  type CapabilityFigures,
  type EvaluationRecord,
  type EvaluationTransaction,
  type FailureRecord,
  type WithinRecording,
} from './evaluation.repository';
export { evaluatorEntities, evaluatorMigrations } from './evaluator-schema';
export { ReputationEntity } from './reputation.entity';
