/** The services under apps/ that run as processes (the CLI is not one): one list for every tool. */
export const services = [
  'planner',
  'auction',
  'executor',
  'evaluator',
  'memory',
  'console',
] as const;
export type ServiceName = (typeof services)[number];
