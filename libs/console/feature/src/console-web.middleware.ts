import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './console-settings';

/** Paths the service answers itself, never files of the app. */
const SERVICE_PATHS = /^\/(api|health|metrics|openapi\.json)(\/|$)/;

/**
 * Serves the built single-page app (CONSOLE_WEB_DIR: index.html and its assets) at `/`. Its
 * routes live in the URL's hash, so no fallback to index.html is needed. Whether the app is
 * built is checked on every request, so building it while the console runs is enough; until
 * then `/` answers 503 saying how to build it.
 */
@Injectable()
export class ConsoleWebMiddleware implements NestMiddleware {
  private readonly serve: express.Handler;
  private readonly index: string;

  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {
    this.serve = express.static(settings.webDir, { index: 'index.html', redirect: false });
    this.index = join(settings.webDir, 'index.html');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVICE_PATHS.test(req.path)) {
      next();
      return;
    }
    if (existsSync(this.index)) {
      this.serve(req, res, next);
      return;
    }
    if (req.path !== '/' && req.path !== '/index.html') {
      next();
      return;
    }
    res
      .status(503)
      .type('text/plain')
      .send(
        `The console's web app is not built (no ${this.index}).\n` +
          'Run `npm run build:console`, then reload this page. The API answers under /api meanwhile.\n',
      );
  }
}
