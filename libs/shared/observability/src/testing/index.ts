export { useInMemoryTracing } from './in-memory-tracing';
