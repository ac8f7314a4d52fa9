export { stackEnv, type StackEnv } from './stack-env';
export { testRunId, testRunPrefix, uniquePrefix } from './unique-names';
export { waitFor } from './wait-for';
