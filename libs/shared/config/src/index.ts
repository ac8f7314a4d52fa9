export {
  agentKeyIdPattern,
  agentSigningEnvSchema,
  agentSigningEnvShape,
  checkAgentSigningEnv,
  type AgentSigningEnv,
} from './agent-signing-env';
export { ConfigError } from './config-error';
export {
  envBoolean,
  envList,
  envOptionalBoolean,
  envPort,
  envPositiveInt,
  envUrl,
} from './env-types';
export { loadConfig } from './load-config';
export {
  checkMessagingEnv,
  messagingEnvSchema,
  messagingEnvShape,
  type MessagingEnv,
} from './messaging-env';
export {
  defineServiceEnv,
  serviceEnvSchema,
  serviceEnvShape,
  type ServiceEnv,
} from './service-config';
export { checkLlmEnv, envNonNegative, llmEnvShape } from './llm-config';
