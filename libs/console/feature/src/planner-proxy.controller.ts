import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PlannerClient, type PlannerRequest } from './planner-client';

/** The query string of a request as the client sent it (`?a=1&b=2`), or ''. */
function queryOf(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at);
}

/**
 * What the planner owns, passed on to it with status, body, Content-Type and Retry-After as it
 * answered them: submitting a goal, its workflows, and the dead-letter API. The page talks to the
 * console alone, so it needs no CORS and no second address.
 */
@Controller('api')
export class PlannerProxyController {
  constructor(private readonly planner: PlannerClient) {}

  /** `POST /api/goals` → the planner's `POST /goals`. */
  @Post('goals')
  async submit(@Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.pass(res, { method: 'POST', path: '/goals', body: body ?? {} });
  }

  /** `GET /api/workflows` → `GET /workflows`. */
  @Get('workflows')
  async workflows(@Res() res: Response): Promise<void> {
    await this.pass(res, { method: 'GET', path: '/workflows' });
  }

  /** `GET /api/dead-letters` → `GET /dead-letters`, query string included. */
  @Get('dead-letters')
  async deadLetters(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pass(res, { method: 'GET', path: `/dead-letters${queryOf(req)}` });
  }

  /** `GET /api/dead-letters/:partition/:offset` → the same under `/dead-letters`. */
  @Get('dead-letters/:partition/:offset')
  async deadLetter(
    @Param('partition') partition: string,
    @Param('offset') offset: string,
    @Res() res: Response,
  ): Promise<void> {
    const path = `/dead-letters/${encodeURIComponent(partition)}/${encodeURIComponent(offset)}`;
    await this.pass(res, { method: 'GET', path });
  }

  /** `POST /api/dead-letters/replay` → `POST /dead-letters/replay`. */
  @Post('dead-letters/replay')
  async replay(@Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.pass(res, { method: 'POST', path: '/dead-letters/replay', body: body ?? {} });
  }

  private async pass(res: Response, request: PlannerRequest): Promise<void> {
    const reply = await this.planner.forward(request);
    res.status(reply.status);
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    res.send(reply.body);
  }
}
