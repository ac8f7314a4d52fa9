export {
  JUDGE,
  RELEVANCE_EMBEDDER,
  type EvaluatorConfig,
  type ModelJudgeConfig,
} from './evaluator-config';
export { EvaluationService } from './evaluation.service';
export { EvaluatorEventsHandler } from './evaluator-events.handler';
export { EvaluatorFeatureModule } from './evaluator-feature.module';
export { ResultFence } from './result-fence.service';
export {
  createModelJudge,
  judgeWithModel,
  ModelJudge,
  type JudgementIds,
  type ModelJudgeOptions,
} from './model-judge';
export {
  openRelevanceEmbedder,
  relevanceThresholds,
  selectRelevanceEmbedder,
} from './relevance-embedder';
