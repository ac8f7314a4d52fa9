import { randomUUID } from 'node:crypto';
import { newEnvelope, type WorkflowChanged } from '@agora/contracts';
import { FatalError, MessagingClient, type EventConsumer } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import {
  checkDefaultWorkflow,
  parseRegisteredWorkflow,
  WorkflowCatalog,
  WorkflowValidationError,
  type WorkflowDefinition,
} from '@agora/planner/domain';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { PlannerSettings } from '../planner-settings';

/** Longest start-up waits to read the workflows topic to its end before going on anyway. */
const CATCH_UP_TIMEOUT_MS = 30_000;

/**
 * Longest a registration waits for this replica to read its own record back. Past it the
 * workflow is stored all the same; this replica only knows it a little later.
 */
const READ_BACK_TIMEOUT_MS = 10_000;

/** The name is taken by a workflow that registrations may not replace or remove. */
export class WorkflowConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowConflictError';
  }
}

/** No registered workflow has the name. */
export class WorkflowNotFoundError extends Error {
  constructor(name: string) {
    super(`no registered workflow '${name}'`);
    this.name = 'WorkflowNotFoundError';
  }
}

/**
 * Workflows registered over the REST API, shared by every planner replica through the compacted
 * topic agora.planner.workflows (WorkflowChanged, keyed by name).
 *
 * Writing: a registration or removal is one record; the latest record of a name is the
 * workflow's state (a definition, or null once removed). Removal is a record rather than a
 * Kafka tombstone so that it keeps who removed the workflow and when, and needs no value-less
 * path through the codec; compaction keeps one small record per removed name.
 *
 * Reading: each replica reads the topic in full, in a group of its own that commits nothing
 * (agora.planner.workflows.<id>), and applies every record to its live catalog, so a workflow
 * registered through one replica is usable through all of them as soon as they read it. No
 * database: the topic is the store, rebuilt into memory at every start.
 *
 * Defaults (shipped, and PLANNER_WORKFLOWS_DIR's) are never replaced: registering one of their
 * names is refused (409), so the name a goal gives means the same on every replica that has
 * the same defaults. One read under a default's name anyway (a replica of another version, or
 * with other files) is kept but shadowed by the default there.
 */
@Injectable()
export class WorkflowRegistry implements OnApplicationBootstrap {
  private consumer: EventConsumer | undefined;
  /** Registrations this replica published, by eventId, waiting to be read back. */
  private readonly readBack = new Map<string, () => void>();

  constructor(
    private readonly messaging: MessagingClient,
    private readonly catalog: WorkflowCatalog,
    @Inject(SERVICE_CONFIG) private readonly settings: PlannerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Reads the topic to its end before the planner serves requests, so that goals naming a
   * registered workflow are planned with it from the start; then checks PLANNER_DEFAULT_WORKFLOW
   * against the catalog, registered workflows included.
   */
  async onApplicationBootstrap(): Promise<void> {
    const since = Date.now();
    const group = `${this.messaging.options.consumer.groupId}.workflows.${randomUUID().slice(0, 8)}`;
    this.consumer = this.messaging
      .consumer(group, { fromBeginning: true, commit: false })
      .on('WorkflowChanged', (event) => this.onChanged(event));
    await this.consumer.start();
    const read = await this.consumer.caughtUp(['WorkflowChanged'], since, {
      timeoutMs: CATCH_UP_TIMEOUT_MS,
    });
    const registered = this.catalog.names.filter((n) => this.catalog.origin(n) === 'registered');
    if (read) this.logger.info({ registered }, 'registered workflows loaded');
    else this.logger.warn({ registered }, 'registered workflows still loading after 30 s');
    checkDefaultWorkflow(this.catalog, this.settings.PLANNER_DEFAULT_WORKFLOW);
  }

  /**
   * Registers a validated workflow, or replaces the registered one of its name, for every
   * replica. Resolves once this replica's catalog holds it (or after {@link READ_BACK_TIMEOUT_MS}),
   * so a goal sent here right after may name it.
   * @throws WorkflowConflictError when the name is one of the defaults
   */
  async register(
    workflow: WorkflowDefinition,
    changedBy: string | null,
  ): Promise<'added' | 'replaced'> {
    if (this.catalog.origin(workflow.name) === 'default') {
      throw new WorkflowConflictError(
        `'${workflow.name}' is one of this planner's default workflows (shipped, or from ` +
          'PLANNER_WORKFLOWS_DIR), which registered workflows do not replace; register it under another name',
      );
    }
    const change = this.catalog.origin(workflow.name) === 'registered' ? 'replaced' : 'added';
    await this.publish(workflow.name, JSON.stringify(workflow), changedBy);
    return change;
  }

  /**
   * Removes a registered workflow for every replica. Goals planned with it keep their tasks;
   * goals that name it and are not planned yet fail as unplannable.
   * @throws WorkflowNotFoundError when no registered workflow has the name
   * @throws WorkflowConflictError for a default, or this replica's PLANNER_DEFAULT_WORKFLOW
   */
  async remove(name: string, changedBy: string | null): Promise<void> {
    const origin = this.catalog.origin(name);
    if (origin === 'default') {
      throw new WorkflowConflictError(
        `'${name}' is one of this planner's default workflows (shipped, or from PLANNER_WORKFLOWS_DIR); only registered workflows can be removed`,
      );
    }
    if (origin === undefined) throw new WorkflowNotFoundError(name);
    if (name === this.settings.PLANNER_DEFAULT_WORKFLOW) {
      throw new WorkflowConflictError(
        `'${name}' is this planner's PLANNER_DEFAULT_WORKFLOW; set another one before removing it`,
      );
    }
    await this.publish(name, null, changedBy);
  }

  private async publish(
    name: string,
    definition: string | null,
    changedBy: string | null,
  ): Promise<void> {
    const event: WorkflowChanged = {
      envelope: newEnvelope({ producer: this.messaging.options.producer }),
      name,
      definition,
      changedBy,
    };
    const eventId = event.envelope.eventId;
    let timer: NodeJS.Timeout | undefined;
    const readBack = new Promise<boolean>((resolve) => {
      this.readBack.set(eventId, () => resolve(true));
      timer = setTimeout(() => resolve(false), READ_BACK_TIMEOUT_MS);
    });
    try {
      await this.messaging.publisher.publish('WorkflowChanged', event);
      if (!(await readBack)) {
        this.logger.warn(
          { name, eventId },
          'workflow change stored, not read back yet; this replica applies it when it reads it',
        );
      }
    } finally {
      clearTimeout(timer);
      this.readBack.delete(eventId);
    }
  }

  /**
   * Applies one record. A definition that does not validate (written by another version, or by
   * hand) leaves its name without a registered workflow, as a replica starting after compaction
   * would see it, so every replica agrees; the record is dead-lettered, not retried.
   */
  private onChanged(event: WorkflowChanged): void {
    const { name, definition, changedBy } = event;
    try {
      let workflow: WorkflowDefinition | null = null;
      if (definition !== null) {
        try {
          workflow = parseRegisteredWorkflow(name, definition);
        } catch (error) {
          if (!(error instanceof WorkflowValidationError)) throw error;
          const removed = this.catalog.apply(name, null);
          throw new FatalError(
            `WorkflowChanged '${name}': ${error.message}` +
              (removed === 'removed' ? '; the workflow registered before it is removed' : ''),
            { cause: error },
          );
        }
      }
      const change = this.catalog.apply(name, workflow);
      if (change === 'shadowed') {
        this.logger.warn(
          { name, changedBy },
          "registered workflow not used here: one of this planner's defaults has its name",
        );
      } else {
        this.logger.info({ name, change, changedBy }, 'workflow changed');
      }
    } finally {
      this.readBack.get(event.envelope.eventId)?.();
    }
  }
}
