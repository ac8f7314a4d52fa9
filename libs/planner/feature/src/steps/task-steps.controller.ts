import type { Usage } from '@agora/contracts';
import { TaskStepRepository, type TaskStepRecord } from '@agora/planner/data-access';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';

/** One step of a model-driven attempt, as GET /goals/:id/steps lists it. */
export interface TaskStepView {
  taskId: string;
  /** The step of the plan the task is. */
  task: string | null;
  attempt: number;
  /** Position in the attempt's journal, from 1. */
  seq: number;
  agentId: string;
  /** model_call, tool_call or tool_result. */
  kind: string;
  /** The tool, or the model (provider/model) of a model call. */
  name: string | null;
  callId: string | null;
  /** A tool call's arguments. */
  arguments: unknown;
  /** A model call's turn as JSON ({text, toolCalls}); a tool result's text as the model got it. */
  result: string | null;
  usage: Usage | null;
  /** The attempt that did the step, when this one replayed it from the journal. */
  replayedFrom: number | null;
  recordedAt: string;
}

/** The journal of a goal's model-driven attempts (agora.tasks.journal). */
@Controller('goals')
export class TaskStepsController {
  constructor(private readonly steps: TaskStepRepository) {}

  @Get(':id/steps')
  async list(@Param('id') id: string): Promise<{ goalId: string; steps: TaskStepView[] }> {
    const steps = await this.steps.forGoal(id);
    if (!steps) throw new NotFoundException(`goal ${id} not found`);
    return { goalId: id, steps: steps.map(stepView) };
  }
}

export function stepView(step: TaskStepRecord): TaskStepView {
  return {
    taskId: step.taskId,
    task: step.taskName,
    attempt: step.attempt,
    seq: step.seq,
    agentId: step.agentId,
    kind: step.kind,
    name: step.name,
    callId: step.callId,
    arguments: parsed(step.arguments),
    result: step.result,
    usage: step.usage,
    replayedFrom: step.replayedFrom,
    recordedAt: step.recordedAt.toISOString(),
  };
}

function parsed(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}
