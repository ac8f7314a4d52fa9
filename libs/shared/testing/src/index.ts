export { stackEnv, type StackEnv } from './stack-env';
export { testMessagingClient } from './test-messaging';
export { uniquePrefix } from './unique-names';
export { waitFor } from './wait-for';
