import type { ServiceEnv } from '@agora/config';
import type { Logger } from '@agora/observability';

/** What a service knows about itself once its configuration has been validated. */
export interface ServiceContext<Env extends ServiceEnv = ServiceEnv> {
  service: string;
  version: string;
  env: Env;
  logger: Logger;
}
