export { deleteTestTopics, testMessagingClient } from './test-messaging-client';
export { avroBodyWith, avroEntriesBomb, avroLong } from './hostile-bodies';
