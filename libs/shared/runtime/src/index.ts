export { HealthController } from './health.controller';
export { MetricsController } from './metrics.controller';
export { outageResponse } from './outage.filter';
export { badRequestBodySchema, parseRequest, type FieldProblem } from './parse-request';
export { runService, type RunServiceOptions } from './run-service';
export { agoraVersion } from './version';
export type { ServiceContext } from './service-context';
export { ServiceRuntimeModule, type ServiceRuntimeOptions } from './service-runtime.module';
export { LOGGER, SERVICE_CONFIG } from './tokens';
