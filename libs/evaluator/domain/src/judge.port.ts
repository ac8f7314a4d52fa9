import type { TaskOutput } from '@agora/contracts';

/** What a model-backed judge sees. */
export interface JudgeRequest {
  capability: string;
  /** The parsed output, structurally valid. */
  output: TaskOutput;
  /** The goal's text, when known. */
  goal?: string;
}

/** A second opinion on an output, from a language model. Optional: none is used unless configured. */
export interface Judge {
  /** A score 0..1 and feedback in words the next attempt can act on. */
  judge(request: JudgeRequest): Promise<{ score: number; feedback: string }>;
}
