import { DatabaseHealth } from '@agora/database';
import { MessagingClient } from '@agora/messaging';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';

interface Check {
  ok: boolean;
  detail?: string;
}

/**
 * GET /health/live: the process is up and none of its consumers has been down for longer than
 * KAFKA_CONSUMER_MAX_DOWN_MS (liveness; it never calls a dependency, so a short Kafka outage does
 * not get every pod restarted, while a consumer kafkajs gave up on and that cannot come back does). GET /health and /health/ready: Kafka and the database answer
 * (readiness); 503 with the failing check otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly messaging: MessagingClient,
    private readonly database: DatabaseHealth,
  ) {}

  @Get('live')
  live(@Res({ passthrough: true }) res: Response) {
    const consumers = this.messaging.liveness();
    res.status(consumers.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return consumers.ok ? { status: 'ok' } : { status: 'unavailable', checks: { consumers } };
  }

  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) res: Response) {
    const [kafka, database] = await Promise.all([this.messaging.health(), this.database.check()]);
    const checks: Record<string, Check> = { kafka, database };
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
