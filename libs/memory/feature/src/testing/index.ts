export { startMemoryTestApp, type MemoryAppStack, type MemoryTestApp } from './memory-test-app';
