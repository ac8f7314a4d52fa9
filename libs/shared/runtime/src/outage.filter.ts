import { isOutage } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { Catch, HttpException, HttpStatus, Inject, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { LOGGER } from './tokens';

/** What a client is told to wait before trying again while a dependency is down. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * A request that fails because a dependency is unreachable (PostgreSQL restarting, the broker or
 * the registry down) answers 503 with Retry-After, never 500: the request was fine, and the same
 * request will work once the dependency is back. Everything else keeps Nest's own handling.
 */
@Catch()
export class OutageFilter extends BaseExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || exception instanceof HttpException || !isOutage(exception)) {
      super.catch(exception, host);
      return;
    }
    const reason = exception instanceof Error ? exception.message : String(exception);
    this.logger.warn({ reason }, 'request refused: a dependency is unavailable');
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS))
      .json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: `a dependency is unavailable (${reason}); retry in ${OUTAGE_RETRY_AFTER_SECONDS} s`,
      });
  }
}

/** OpenAPI description of the 503 {@link OutageFilter} answers, for routes that use Kafka or PostgreSQL. */
export const outageResponse = {
  description: `A dependency (Kafka, the schema registry or PostgreSQL) is unavailable; retry after the Retry-After header (${OUTAGE_RETRY_AFTER_SECONDS} s)`,
  headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          statusCode: { type: 'integer' },
          error: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
