export { grantAcls, type AclGrant } from './acl-grants';
export { deleteTestTopics, testMessagingClient } from './test-messaging-client';
export { avroBodyWith, avroEntriesBomb, avroLong, bombableInputs } from './hostile-bodies';
