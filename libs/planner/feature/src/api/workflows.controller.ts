import type { IncomingMessage } from 'node:http';
import {
  parseWorkflow,
  problemPath,
  problemText,
  validateWorkflow,
  WorkflowCatalog,
  WorkflowValidationError,
  type WorkflowDefinition,
  type WorkflowOrigin,
} from '@agora/planner/domain';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  WorkflowConflictError,
  WorkflowNotFoundError,
  WorkflowRegistry,
} from '../workflows/workflow-registry.service';

/** One workflow as GET /workflows shows it. */
export interface WorkflowView {
  name: string;
  description: string;
  /** `default` (shipped, or PLANNER_WORKFLOWS_DIR) or `registered` (POST /workflows). */
  origin: WorkflowOrigin;
  steps: { name: string; capability: string; dependsOn: string[] }[];
}

/** A workflow whole, as registered and as GET /workflows/:name shows it. */
export type WorkflowDetail = WorkflowDefinition & { origin: WorkflowOrigin };

/** Who registers or removes a workflow, for the record (WorkflowChanged.changedBy). */
export const CHANGED_BY_HEADER = 'x-agora-user';

/** Content types read as YAML text rather than JSON (YAML also reads JSON). */
const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'];

/** Largest YAML body read, in bytes: a workflow of 50 steps is a few kilobytes. */
const MAX_YAML_BYTES = 256 * 1024;

/**
 * The workflows goals may name: list them (so a client can check a name before it puts a goal
 * on Kafka, where an unknown one fails the goal only once a planner reads it), and register or
 * remove workflows for every replica (see {@link WorkflowRegistry}).
 */
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly registry: WorkflowRegistry,
  ) {}

  @Get()
  list(): { items: WorkflowView[] } {
    return {
      items: this.catalog.names.sort().flatMap((name) => {
        const workflow = this.catalog.get(name);
        const origin = this.catalog.origin(name);
        if (!workflow || !origin) return [];
        return [
          {
            name,
            description: workflow.description,
            origin,
            steps: workflow.steps.map((s) => ({
              name: s.name,
              capability: s.capability,
              dependsOn: s.dependsOn,
            })),
          },
        ];
      }),
    };
  }

  @Get(':name')
  get(@Param('name') name: string): WorkflowDetail {
    const workflow = this.catalog.get(name);
    const origin = this.catalog.origin(name);
    if (!workflow || !origin) throw new NotFoundException(`no workflow '${name}'`);
    return { ...workflow, origin };
  }

  /**
   * Registers a workflow (JSON, or YAML as in a workflow file) for every replica: 201 when new,
   * 200 when it replaced the registered one of its name, with the stored definition either way.
   */
  @Post()
  async register(
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: Response,
    @Headers(CHANGED_BY_HEADER) changedBy: string | undefined,
  ): Promise<WorkflowDetail> {
    const yaml = isYaml(req.headers['content-type']) ? await readYaml(req) : undefined;
    const workflow = validated(() =>
      yaml !== undefined
        ? parseWorkflow(yaml, 'request body')
        : validateWorkflow(body ?? {}, 'request body'),
    );
    try {
      const change = await this.registry.register(workflow, changedBy?.trim() || null);
      res.status(change === 'added' ? HttpStatus.CREATED : HttpStatus.OK);
    } catch (error) {
      if (error instanceof WorkflowConflictError) throw new ConflictException(error.message);
      throw error;
    }
    return { ...workflow, origin: 'registered' };
  }

  /** Removes a registered workflow for every replica; defaults cannot be removed (409). */
  @Delete(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(
    @Param('name') name: string,
    @Headers(CHANGED_BY_HEADER) changedBy: string | undefined,
  ): Promise<void> {
    try {
      await this.registry.remove(name, changedBy?.trim() || null);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundException(error.message);
      if (error instanceof WorkflowConflictError) throw new ConflictException(error.message);
      throw error;
    }
  }
}

/**
 * A 400 naming the step and the field of a workflow that does not validate, shaped as
 * parseRequest shapes them (`fields`), plus `step` and `field` as they are.
 */
export function workflowInvalid(error: WorkflowValidationError, under = ''): BadRequestException {
  const path = problemPath(error);
  const field = [under, path].filter(Boolean).join('.') || 'body';
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${under ? `${under}: ` : ''}${problemText(error)}`,
    step: error.step ?? null,
    field: error.field ?? null,
    fields: [{ field, message: error.problem }],
  });
}

function validated<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    if (error instanceof WorkflowValidationError) throw workflowInvalid(error);
    throw error;
  }
}

function isYaml(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && yamlTypes.includes(type);
}

/**
 * The body of a YAML request, as text. Express parses only JSON (and forms) and leaves other
 * bodies unread in the request stream.
 */
async function readYaml(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_YAML_BYTES) {
      throw new PayloadTooLargeException(`a workflow must be at most ${MAX_YAML_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
