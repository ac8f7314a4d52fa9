import { renderMetrics } from '@agora/observability';
import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

/** GET /metrics in the Prometheus text format. */
@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res() res: Response): Promise<void> {
    const { contentType, body } = await renderMetrics();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
