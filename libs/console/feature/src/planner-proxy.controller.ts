import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PlannerClient, type PlannerRequest } from './planner-client';

/** Who a person says they are, passed on to the planner, which records it with what they did. */
const USER_HEADER = 'x-agora-user';

/** The query string of a request as the client sent it (`?a=1&b=2`), or ''. */
function queryOf(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at);
}

/**
 * What the planner owns, passed on to it with status, body, Content-Type and Retry-After as it
 * answered them: submitting and cancelling a goal, a person's decision on an approval step, its
 * workflows, and
 * the dead-letter API. The page talks to the console alone, so it needs no CORS and no second
 * address.
 */
@Controller('api')
export class PlannerProxyController {
  constructor(private readonly planner: PlannerClient) {}

  /** `POST /api/goals` → the planner's `POST /goals`. */
  @Post('goals')
  async submit(@Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.pass(res, { method: 'POST', path: '/goals', body: body ?? {} });
  }

  /**
   * `POST /api/goals/:id/tasks/:task/decision` → the same on the planner, which records the
   * decision (a second one gets 409) and publishes TaskDecided.
   */
  @Post('goals/:id/tasks/:task/decision')
  async decide(
    @Param('id') goalId: string,
    @Param('task') task: string,
    @Body() body: unknown,
    @Headers(USER_HEADER) user: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const path = `/goals/${encodeURIComponent(goalId)}/tasks/${encodeURIComponent(task)}/decision`;
    const headers: Record<string, string> = user ? { [USER_HEADER]: user } : {};
    await this.pass(res, { method: 'POST', path, body: body ?? {}, headers });
  }

  /**
   * `POST /api/goals/:id/cancel` → the same on the planner, which fails the goal as cancelled,
   * naming who (x-agora-user) and why, and tells its agents to stop; 409 once it has ended.
   */
  @Post('goals/:id/cancel')
  async cancel(
    @Param('id') goalId: string,
    @Body() body: unknown,
    @Headers(USER_HEADER) user: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const path = `/goals/${encodeURIComponent(goalId)}/cancel`;
    const headers: Record<string, string> = user ? { [USER_HEADER]: user } : {};
    await this.pass(res, { method: 'POST', path, body: body ?? {}, headers });
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
