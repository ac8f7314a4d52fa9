export { createLogger, type Logger } from './logger';
export { counter, gauge, histogram, renderMetrics, startProcessMetrics } from './metrics';
export { startTracing, type TracingOptions } from './tracing';
export { inSpan } from './spans';
