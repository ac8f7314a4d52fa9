import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleStreamService } from './console-stream.service';

/** A page this far behind in reading its stream is cut off; it reconnects and reloads. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** `GET /api/stream`: the live stream as server-sent events (`goal`, `agent`, `swarm`). */
@Controller('api')
export class ConsoleStreamController {
  constructor(private readonly stream: ConsoleStreamService) {}

  @Get('stream')
  open(@Res() res: Response): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // nginx (an ingress) would otherwise hold events back to fill its buffer.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    let unsubscribe: (() => void) | undefined;
    const close = () => {
      unsubscribe?.();
      unsubscribe = undefined;
    };
    // The response's close, not the request's: a request without a body ends (and closes) as
    // soon as it is read, while the response closes when the client goes away.
    res.on('close', close);
    // A write racing the client's departure must not become an unhandled 'error' event.
    res.on('error', close);
    unsubscribe = this.stream.subscribe((chunk) => {
      if (res.destroyed || res.writableEnded) {
        close();
        return;
      }
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        close();
        res.end();
        return;
      }
      res.write(chunk);
    });
    // The client may have gone while it was being added.
    if (res.destroyed) close();
  }
}
