export { stackEnv, type StackEnv } from './stack-env';
export { uniquePrefix } from './unique-names';
export { waitFor } from './wait-for';
