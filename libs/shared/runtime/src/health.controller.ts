import { DatabaseHealth } from '@agora/database';
import { MessagingClient } from '@agora/messaging';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';

interface Check {
  ok: boolean;
  detail?: string;
}

/**
 * GET /health/live: the process is up (liveness; never touches dependencies, so a Kafka outage
 * does not get every pod restarted). GET /health and /health/ready: Kafka and the database answer
 * (readiness); 503 with the failing check otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly messaging: MessagingClient,
    private readonly database: DatabaseHealth,
  ) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
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
