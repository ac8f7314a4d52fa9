import { GoalRepository } from '@agora/planner/data-access';
import { isGoalTerminal, type GoalState } from '@agora/planner/domain';
import type { Logger } from '@agora/observability';
import { LOGGER } from '@agora/runtime';
import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import { goalView } from '../api/goal-view';
import { GoalStreamService, type GoalStreamItem } from './goal-stream.service';

/** How often an open stream reads its goal's state, to see it change and end. */
const GOAL_POLL_MS = 500;
/** A comment this often keeps an idle stream (and the proxies on its way) open. */
const KEEP_ALIVE_MS = 15_000;
/** A watcher this far behind in reading is cut off; it reconnects and starts again. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One server-sent event: its name and its JSON on one `data:` line. */
export function sseFrame(name: 'goal' | 'task' | 'token' | 'end', data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A task event or a piece of text as the stream sends it. */
export function frameOf(item: GoalStreamItem): string {
  if (item.kind === 'token') {
    const { taskId, attempt, agentId, seq, turn, text } = item.event;
    return sseFrame('token', { taskId, attempt, agentId, seq, turn, text });
  }
  const { taskId, attempt } = item.event;
  return sseFrame('task', { type: item.type, taskId, attempt, event: item.event });
}

/**
 * `GET /goals/:id/stream`: one goal, live, as server-sent events. First `goal` (the goal as GET
 * /goals/:id shows it), then as they happen `task` (its task events: waiting, awarded,
 * progress, completed, failed, evaluated) and `token` (text its models produce, in batches), a
 * new `goal` whenever its state changes, and at the end `end` (`{goalId, state}`), after which
 * the server closes the stream. A goal already over gets `goal` and `end` at once. Watching
 * starts before the first `goal` is read, so nothing between them is lost; what happened
 * before it is in that `goal`, except text already streamed.
 */
@Controller('goals')
export class GoalStreamController {
  constructor(
    private readonly stream: GoalStreamService,
    private readonly goals: GoalRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':id/stream')
  async open(@Param('id') goalId: string, @Res() res: Response): Promise<void> {
    if (!(await this.goals.find(goalId))) throw new NotFoundException(`goal ${goalId} not found`);
    try {
      await this.stream.ready();
    } catch {
      throw new ServiceUnavailableException('the goal stream cannot read Kafka now; try again');
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // nginx (an ingress) would otherwise hold events back to fill its buffer.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let open = true;
    const timers: NodeJS.Timeout[] = [];
    let unwatch: () => void = () => undefined;
    const close = () => {
      if (!open) return;
      open = false;
      unwatch();
      for (const timer of timers) clearInterval(timer);
    };
    // The response's close, not the request's: a request without a body closes once read.
    res.on('close', close);
    res.on('error', close);
    const write = (chunk: string) => {
      if (!open || res.destroyed || res.writableEnded) return close();
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        close();
        res.end();
        return;
      }
      res.write(chunk);
    };
    unwatch = this.stream.watch(goalId, (item) => write(frameOf(item)));

    let state: GoalState | undefined;
    let ending = false;
    const look = async () => {
      const snapshot = await this.goals.find(goalId);
      if (!snapshot || !open || ending || snapshot.goal.state === state) return;
      state = snapshot.goal.state;
      if (!isGoalTerminal(state)) {
        write(sseFrame('goal', goalView(snapshot)));
        return;
      }
      // The goal's last events may still be on their way to this replica's stream.
      ending = true;
      await this.stream.caughtUp(Date.now());
      write(sseFrame('goal', goalView(snapshot)));
      write(sseFrame('end', { goalId, state }));
      close();
      res.end();
    };
    // One read at a time: a slow database must not make two reads report the same change.
    let reading = false;
    const lookSafely = async () => {
      if (reading) return;
      reading = true;
      try {
        await look();
      } catch (err) {
        this.logger.warn({ err, goalId }, 'goal stream read failed');
      } finally {
        reading = false;
      }
    };
    timers.push(setInterval(() => void lookSafely(), GOAL_POLL_MS));
    timers.push(setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS));
    await lookSafely();
  }
}
