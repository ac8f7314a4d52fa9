import { z } from 'zod';
import { outputKinds, type OutputKindRegistry } from './output-kinds';
import { taskInputSchema } from './task-input';

/** Where the generated files live, relative to the repository root. */
export const payloadSchemaDir = 'schemas/payloads';

type JsonSchema = Record<string, unknown>;

function withTitle(schema: JsonSchema, title: string, description: string): JsonSchema {
  const { $schema, ...rest } = schema;
  return { $schema, title, description, ...rest };
}

/**
 * The JSON Schema (draft 2020-12) of every payload, by file name under {@link payloadSchemaDir}:
 * `TaskInput.schema.json`, `TaskOutput.schema.json` (any registered kind) and one
 * `output/<kind>.schema.json` per kind. Generated from the zod schemas, so agents in other
 * languages validate exactly what the evaluator does; `npm run codegen` writes them and a test
 * fails when they drift.
 */
export function payloadJsonSchemas(
  registry: OutputKindRegistry = outputKinds,
): Map<string, JsonSchema> {
  const files = new Map<string, JsonSchema>();
  files.set(
    'TaskInput.schema.json',
    withTitle(
      z.toJSONSchema(taskInputSchema, { io: 'input' }),
      'TaskInput',
      'TaskReady.input and TaskAwarded.input (a JSON string in the Avro event): what a task is asked to do.',
    ),
  );
  const defs: Record<string, JsonSchema> = {};
  for (const kind of registry.list()) {
    const { $schema, ...schema } = z.toJSONSchema(kind.schema, { io: 'input' }) as JsonSchema;
    defs[kind.kind] = { description: kind.description, ...schema };
    files.set(
      `output/${kind.kind}.schema.json`,
      withTitle({ $schema, ...schema }, `${kind.kind} output`, kind.description),
    );
  }
  files.set('TaskOutput.schema.json', {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'TaskOutput',
    description:
      "TaskCompleted.output (a JSON string in the Avro event): one object whose 'kind' names its schema.",
    oneOf: Object.keys(defs).map((k) => ({ $ref: `#/$defs/${k}` })),
    $defs: defs,
  });
  return files;
}

/** A generated file's text: two-space JSON with a final newline. */
export function renderJsonSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
