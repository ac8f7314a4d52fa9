export {
  analysisKind,
  builtInKinds,
  citationSchema,
  classificationKind,
  escalationKind,
  httpKind,
  reportKind,
  reviewKind,
  shellKind,
  sourcesKind,
  textKind,
  validationKind,
} from './built-in-kinds';
export type {
  AnalysisOutput,
  ClassificationOutput,
  EscalationOutput,
  HttpOutput,
  ReportOutput,
  ReviewOutput,
  ShellOutput,
  SourcesOutput,
  TaskOutput,
  TaskOutputKind,
  TextOutput,
  ValidationOutput,
} from './built-in-kinds';
export {
  builtInCapabilities,
  builtInOutputKind,
  capabilities,
  capabilityNamePattern,
  isPlannerCapability,
  plannerCapabilities,
} from './capabilities';
export type { BuiltInCapability, Capability, PlannerCapability } from './capabilities';
export { defineOutputKind } from './output-kind';
export type { Citation, KindProblems, OutputKind } from './output-kind';
export { describeIssues, OutputKindRegistry, outputKinds } from './output-kinds';
export type { OutputProblems, ParsedOutput } from './output-kinds';
export { InvalidTaskInputError, parseTaskInput, taskInputSchema } from './task-input';
export type { TaskInput, UpstreamResult } from './task-input';
export { payloadJsonSchemas, payloadSchemaDir, renderJsonSchema } from './json-schema';
