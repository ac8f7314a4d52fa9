/**
 * The local development stack without Docker: Kafka (KRaft, one node), Apicurio Registry with its
 * Confluent-compatible API, and PostgreSQL (DATABASE_URL, the local server, or embedded PGlite).
 * Downloads land in `.agora/cache`, state in `.agora/stack`.
 */
export {
  ensureStack,
  readStackEnv,
  stackStatus,
  stopStack,
  type ComponentName,
  type ComponentStatus,
  type EnsureStackOptions,
  type StackEnv,
  type StackStatus,
  type StopReport,
  type StopStackOptions,
} from './stack';
export { StackError } from './stack.errors';
