// The payload schemas alone: the rest of the contracts library is for Node, not the page.
import { outputKinds } from '@agora/contracts/payloads';

/**
 * TaskCompleted.output or GoalCompleted.output as Markdown: rendered by its kind (the registry
 * in @agora/contracts), shown as JSON when the kind is unknown or the shape is not the kind's,
 * or as it is when not JSON.
 */
export function taskOutputMarkdown(output: string): string {
  return outputKinds.toMarkdown(output);
}
