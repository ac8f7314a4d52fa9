import { outputKinds } from '@agora/contracts';

/**
 * A task output (TaskCompleted.output, JSON text) as prose a person or a search can use: a
 * report's Markdown, a source list's quotes, a shell step's command and output (each kind's
 * rendering in @agora/contracts). Text that is not a valid output of a known kind is kept as it
 * is, so nothing is lost.
 */
export function renderTaskOutput(output: string): string {
  return outputKinds.toMarkdown(output);
}

/** A verdict as a readable memory item. */
export function renderEvaluation(e: {
  taskId: string;
  attempt: number;
  agentId: string;
  capability: string;
  verdict: string;
  score: number;
  feedback: string;
}): string {
  return (
    `${e.verdict} (score ${e.score.toFixed(2)}) for ${e.capability} task ${e.taskId} ` +
    `attempt ${e.attempt} by agent ${e.agentId}.\n\n${e.feedback}`
  );
}
