import { Module } from '@nestjs/common';
import { DeadLettersController } from './api/dead-letters.controller';
import { DeadLetterService } from './dead-letter.service';

/**
 * The dead-letter API under /dead-letters: list, show, replay and purge what consumers gave up
 * on. Needs MessagingClient (ServiceRuntimeModule provides it, with the filter that answers 503
 * while Kafka or the registry is down). Add deadLetterOpenApiPaths() to the service's OpenAPI
 * document.
 */
@Module({
  controllers: [DeadLettersController],
  providers: [DeadLetterService],
  exports: [DeadLetterService],
})
export class DeadLetterModule {}
