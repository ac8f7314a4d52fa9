import { AddOutbox1767400000000 } from '@agora/outbox';
import { EvaluatorAwardQuote1768176000000 } from './award-quote.migration';
import { EvaluatorAwardRelevance1767916800000 } from './award-relevance.migration';
import { EvaluatorAwardTerms1767657600000 } from './award-terms.migration';
import { EvaluatorAwards1767571200000 } from './awards.migration';
import { CreateEvaluatorTables1732420000000 } from './create-evaluator-tables.migration';
import { EvaluationEntity } from './evaluation.entity';
import { ReputationEntity } from './reputation.entity';

/** The evaluator's TypeORM entities, for its DatabaseModule. */
export const evaluatorEntities = [EvaluationEntity, ReputationEntity];
/** The evaluator's migrations, in order. */
export const evaluatorMigrations = [
  CreateEvaluatorTables1732420000000,
  AddOutbox1767400000000,
  EvaluatorAwards1767571200000,
  EvaluatorAwardTerms1767657600000,
  EvaluatorAwardRelevance1767916800000,
  EvaluatorAwardQuote1768176000000,
];
