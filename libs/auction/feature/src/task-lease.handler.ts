import type { TaskCompleted, TaskFailed, TaskProgress } from '@agora/contracts';
import { OnEvent } from '@agora/messaging';
import { Injectable } from '@nestjs/common';
import { LeaseService } from './lease.service';

/** Progress renews the winner's lease; a result or failure ends it. */
@Injectable()
export class TaskLeaseHandler {
  constructor(private readonly leases: LeaseService) {}

  @OnEvent('TaskProgress')
  async onTaskProgress(event: TaskProgress): Promise<void> {
    await this.leases.handle({ type: 'TaskProgress', event });
  }

  @OnEvent('TaskCompleted')
  async onTaskCompleted(event: TaskCompleted): Promise<void> {
    await this.leases.handle({ type: 'TaskCompleted', event });
  }

  @OnEvent('TaskFailed')
  async onTaskFailed(event: TaskFailed): Promise<void> {
    await this.leases.handle({ type: 'TaskFailed', event });
  }
}
