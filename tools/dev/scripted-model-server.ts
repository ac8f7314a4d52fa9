import { scriptedModelServer } from '../e2e/scripted-model';

/*
 * Serves the scripted OpenAI-compatible model of tools/e2e/scripted-model.ts, which answers every
 * step of the shipped workflows as a model with tools would, so that the model-backed agents
 * (apps/executor/agents.model.yaml) can be tried where no real model is at hand:
 *
 *   npx tsx tools/dev/scripted-model-server.ts 11435
 *   AGORA_MODEL_BASE_URL=http://127.0.0.1:11435/v1 AGORA_MODEL=scripted npm start -- --agents model
 *
 * It is not a model: it only knows how to do the shipped workflows' steps.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 11435);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`expected a port number, got ${process.argv[2]}`);
  }
  const server = await scriptedModelServer(port);
  console.log(`scripted OpenAI-compatible model on ${server.baseUrl} (Ctrl-C stops it)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
