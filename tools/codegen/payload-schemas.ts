import { format, type Options } from 'prettier';
// The payload files themselves rather than the barrel, which imports the generated code: the
// generator must run even when that code is missing or broken.
import {
  payloadJsonSchemas,
  payloadSchemaDir,
  renderJsonSchema,
} from '../../libs/contracts/src/payloads/json-schema';

/** schemas/payloads/*.schema.json, formatted as Prettier formats JSON in this repository. */
export async function renderPayloadSchemas(
  formatOptions: Options,
): Promise<{ path: string; content: string }[]> {
  return Promise.all(
    [...payloadJsonSchemas()].map(async ([file, schema]) => ({
      path: `${payloadSchemaDir}/${file}`,
      content: await format(renderJsonSchema(schema), { ...formatOptions, parser: 'json' }),
    })),
  );
}
