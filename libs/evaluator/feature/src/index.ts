export { JUDGE, type EvaluatorConfig } from './evaluator-config';
export { EvaluationService } from './evaluation.service';
export { EvaluatorEventsHandler } from './evaluator-events.handler';
export { EvaluatorFeatureModule } from './evaluator-feature.module';
