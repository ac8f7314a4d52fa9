import 'reflect-metadata';
import { ConfigError, loadConfig, type ServiceEnv } from '@agora/config';
import { createLogger, startProcessMetrics, startTracing } from '@agora/observability';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { z } from 'zod';
import { PinoNestLogger } from './pino-nest-logger';
import { agoraVersion } from './version';
import type { ServiceContext } from './service-context';

export interface RunServiceOptions<S extends z.ZodType<ServiceEnv>> {
  service: string;
  /** @default AGORA_VERSION, else the version in the nearest package.json */
  version?: string;
  envSchema: S;
  appModule: (context: ServiceContext<z.output<S>>) => DynamicModule;
}

/**
 * Boots a service: validate the environment (exit 1 naming each bad key), start tracing before
 * Nest so every span has a provider, build the app, listen, and close cleanly on SIGTERM/SIGINT.
 */
export async function runService<S extends z.ZodType<ServiceEnv>>(
  options: RunServiceOptions<S>,
): Promise<INestApplication> {
  let env: z.output<S>;
  try {
    env = loadConfig(options.service, options.envSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const version = options.version ?? agoraVersion();
  const stopTracing = startTracing({
    service: env.OTEL_SERVICE_NAME ?? `agora-${options.service}`,
    version: version,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger(options.service, env.LOG_LEVEL);
  startProcessMetrics(options.service);
  const context: ServiceContext<z.output<S>> = {
    service: options.service,
    version: version,
    env,
    logger,
  };
  try {
    const app = await NestFactory.create(options.appModule(context), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
    logger.info({ port: env.HTTP_PORT, version: version }, `${options.service} ready`);
    const shutdown = async (signal: NodeJS.Signals) => {
      logger.info({ signal }, `${options.service} stopping`);
      const force = setTimeout(() => {
        logger.error({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out');
        process.exit(1);
      }, env.SHUTDOWN_TIMEOUT_MS);
      force.unref();
      // app.close() runs the shutdown hooks: consumers stop and commit before connections close.
      await app.close();
      await stopTracing().catch(() => undefined);
      logger.info(`${options.service} stopped`);
      process.exit(0);
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, (s) => void shutdown(s));
    }
    return app;
  } catch (error) {
    // Settings read while the app is built (files named by the environment) fail like the rest.
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else logger.fatal({ err: error }, `${options.service} failed to start`);
    await stopTracing().catch(() => undefined);
    process.exit(1);
  }
}
