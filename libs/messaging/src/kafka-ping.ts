import { Kafka, logLevel } from 'kafkajs';

/**
 * Whether a broker answers one metadata round trip within `timeoutMs`, with no retries and no
 * logs: for readiness checks in tooling (the local stack), where "not yet" is a normal answer.
 */
export async function kafkaAnswers(brokers: string[], timeoutMs = 2_000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'agora-ping',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
