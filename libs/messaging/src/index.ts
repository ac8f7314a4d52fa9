export { AccessDeniedError, AccessPolicy } from './access/access-policy';
export { lagOf, type ConsumerLag, type ConsumerLagReport } from './admin/consumer-lag';
export { checkAvroBounds, defaultAvroLimits, type AvroLimits } from './codec/avro-bounds';
export { AvroCodec, type DecodedEvent } from './codec/avro-codec';
export { frame, unframe, HEADER_SIZE, MAGIC_BYTE } from './codec/confluent-wire-format';
export type {
  BatchContext,
  BatchHandler,
  BatchItem,
  EventContext,
  EventHandler,
} from './consumer/event-handler';
export { CoPartitionedAssigner } from './consumer/co-partitioned-assigner';
export {
  DeadLetterStore,
  purgeRanges,
  REPLAY_OF_HEADER,
  type PurgeCut,
  type PurgedPartition,
  type StoredDeadLetter,
} from './consumer/dead-letter-store';
export { EventConsumer, type ConsumerOverrides } from './consumer/event-consumer';
export { type KeyedRecord, type ReadKeyOptions } from './consumer/key-reader';
export { OnEvent, OnEventBatch } from './consumer/on-event.decorator';
export {
  classifyError,
  errorClassifications,
  FatalError,
  isOutage,
  RetriableError,
  SchemaRegistrationError,
  SchemaValidationError,
  UndecodableMessageError,
  type ErrorClassification,
} from './errors/messaging-errors';
export { kafkaAnswers } from './kafka-ping';
export { MessagingClient, type MessagingHealth } from './messaging-client';
export {
  MessagingModule,
  type MessagingModuleAsyncOptions,
  type MessagingModuleOptions,
} from './messaging.module';
export {
  resolveMessagingOptions,
  type MessagingOptions,
  type ResolvedMessagingOptions,
} from './messaging-options';
export { messagingOptionsFromEnv } from './messaging-options-from-env';
export { EventPublisher, type OutgoingEvent } from './publisher/event-publisher';
export { platformServices } from './signing/agent-events';
export {
  AgentKeyRing,
  AgentKeysError,
  generateAgentKey,
  parseAgentKeys,
  type AgentKey,
  type GeneratedAgentKey,
} from './signing/agent-keys';
export {
  AgentSigner,
  ed25519PrivateKey,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signedBytes,
  signRecord,
  verifyRecord,
  type AgentSigningKey,
  type PrivateKeyInput,
} from './signing/agent-signature';
export {
  AgentSignatureCheck,
  AgentSignatureError,
  agentEventTypes,
  checkAgentSignature,
  claimedAgentOf,
  speakerOf,
  type Speaker,
  type AgentSignatureMode,
  type AgentSignatureOptions,
  type SignatureFailureReason,
  type SignatureVerdict,
} from './signing/signature-check';
export { TopicNames } from './topics/topic-names';
export { activeTraceId, traceIdOfHeaders } from './tracing/trace-id';
export { TopicsMissingError } from './topics/topic-provisioner';
