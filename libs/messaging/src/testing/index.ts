export { testMessagingClient } from './test-messaging-client';
