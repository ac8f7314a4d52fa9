export { deleteTestTopics, testMessagingClient } from './test-messaging-client';
