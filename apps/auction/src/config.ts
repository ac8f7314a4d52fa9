import { defineServiceEnv, envPort } from '@agora/config';
import type { z } from 'zod';

/** The auction's environment: the shared service keys plus its own. */
export const auctionEnvSchema = defineServiceEnv({
  /** @default 3001 */
  HTTP_PORT: envPort(3001),
});

export type AuctionEnv = z.output<typeof auctionEnvSchema>;
