import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';
import type { MessagingClient } from '../messaging-client';

/** An allow rule for one Kafka user, in the terms of a Strimzi KafkaUser's ACLs. */
export interface AclGrant {
  /** Kafka user name (the principal is `User:<user>`). */
  user: string;
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: readonly ('Read' | 'Write' | 'Delete' | 'Describe')[];
}

const operationTypes = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Delete: AclOperationTypes.DELETE,
  Describe: AclOperationTypes.DESCRIBE,
} as const;

/**
 * Creates the ACLs on the client's broker, which must have an authorizer and the client must log
 * in as a super user: for tests that check a set of ACLs lets each user do its work, and no more.
 */
export async function grantAcls(
  client: MessagingClient,
  grants: readonly AclGrant[],
): Promise<void> {
  const acl: AclEntry[] = grants.flatMap((g) =>
    g.operations.map((op) => ({
      resourceType: g.resource.type === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
      resourceName: g.resource.name,
      resourcePatternType:
        g.resource.patternType === 'prefix'
          ? ResourcePatternTypes.PREFIXED
          : ResourcePatternTypes.LITERAL,
      principal: `User:${g.user}`,
      host: '*',
      operation: operationTypes[op],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
  const admin = client.rawKafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl });
  } finally {
    await admin.disconnect();
  }
}
