import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule, InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface DatabaseOptions {
  /** PostgreSQL connection string. */
  url: string;
  /** Shown in pg_stat_activity, so operators see which service holds a connection. */
  applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  /** Apply pending migrations at start-up. @default true */
  migrationsRun?: boolean;
  /** Connections in the pool. @default 10 */
  poolSize?: number;
}

/** Checks that the database answers; used by the readiness probe. */
@Injectable()
export class DatabaseHealth {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.dataSource.query('select 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** PostgreSQL through TypeORM. Schema changes go through migrations; `synchronize` stays off. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          applicationName: options.applicationName,
          entities: options.entities ?? [],
          migrations: options.migrations ?? [],
          migrationsRun: options.migrationsRun ?? true,
          synchronize: false,
          extra: { max: options.poolSize ?? 10 },
          // Fail start-up fast with the driver's message instead of retrying for minutes.
          retryAttempts: 3,
          retryDelay: 1_000,
        }),
      ],
      providers: [DatabaseHealth],
      exports: [DatabaseHealth, TypeOrmModule],
    };
  }
}
