export { HealthController } from './health.controller';
export { messagingOptionsFromEnv } from './messaging-options.factory';
export { MetricsController } from './metrics.controller';
export { runService, type RunServiceOptions } from './run-service';
export { agoraVersion } from './version';
export type { ServiceContext } from './service-context';
export { ServiceRuntimeModule, type ServiceRuntimeOptions } from './service-runtime.module';
export { LOGGER, SERVICE_CONFIG } from './tokens';
