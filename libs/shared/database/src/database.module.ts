import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule, InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { initializeDataSource } from './initialize-data-source';
import { QueryCounter } from './query-counter';

export interface DatabaseOptions {
  /** PostgreSQL connection string. */
  url: string;
  /** Shown in pg_stat_activity, so operators see which service holds a connection. */
  applicationName: string;
  /**
   * PostgreSQL schema that holds this service's tables (created when missing), so services that
   * share a database never share a table. Also first on the search_path of every connection.
   * @default 'public'
   */
  schema?: string;
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

/** TypeORM options for a service's database; shared by the Nest module and the tests. */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  const schema = options.schema ?? 'public';
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    schema,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsRun: options.migrationsRun ?? true,
    migrationsTableName: 'migrations',
    synchronize: false,
    // Counts statements for agora_db_queries_total; TypeORM's own logging stays off.
    logger: new QueryCounter(),
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${schema},public` },
  };
}

/** PostgreSQL through TypeORM. Schema changes go through migrations; `synchronize` stays off. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(options),
            // Fail start-up fast with the driver's message instead of retrying for minutes.
            retryAttempts: 3,
            retryDelay: 1_000,
          }),
          dataSourceFactory: async (opts) => {
            if (!opts) throw new Error('database: no options');
            return initializeDataSource(options, opts);
          },
        }),
      ],
      providers: [DatabaseHealth],
      exports: [DatabaseHealth, TypeOrmModule],
    };
  }
}
