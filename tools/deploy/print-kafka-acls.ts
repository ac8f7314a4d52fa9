import { parseArgs } from 'node:util';
import { allPrincipalAcls } from './kafka-acls';
import { renderKafkaAclCommands } from './k8s-users';

/**
 * Prints the catalog's ACLs as `kafka-acls.sh` commands, for a Kafka that Strimzi does not
 * manage (the compose stack with authorization turned on, a managed cluster):
 *
 *   npm run deploy:acls -- [--bootstrap-server kafka:9092] [--command-config /etc/kafka/admin.properties]
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      'bootstrap-server': { type: 'string', default: 'kafka:9092' },
      'command-config': { type: 'string', default: 'admin.properties' },
    },
    strict: true,
  });
  process.stdout.write(
    renderKafkaAclCommands(allPrincipalAcls(), {
      bootstrapServer: values['bootstrap-server'],
      commandConfig: values['command-config'],
    }),
  );
}

if (require.main === module) main();
