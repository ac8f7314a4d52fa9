import { WorkflowCatalog } from '@agora/planner/domain';
import { Controller, Get } from '@nestjs/common';

/** One workflow as GET /workflows shows it. */
export interface WorkflowView {
  name: string;
  description: string;
  steps: { name: string; capability: string; dependsOn: string[] }[];
}

/**
 * The workflows this planner plans goals with, so that a client can check a name before it puts
 * a goal on Kafka (where an unknown workflow fails the goal only once the planner reads it).
 */
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly catalog: WorkflowCatalog) {}

  @Get()
  list(): { items: WorkflowView[] } {
    return {
      items: this.catalog.names.sort().flatMap((name) => {
        const workflow = this.catalog.get(name);
        if (!workflow) return [];
        return [
          {
            name,
            description: workflow.description,
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
}
