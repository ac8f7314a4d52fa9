/** The feature's own providers. */
export const EXECUTOR_CONFIG = Symbol('EXECUTOR_CONFIG');
/** The SkillRegistry of this executor (see ExecutorModule.register). */
export const EXECUTOR_SKILLS = Symbol('EXECUTOR_SKILLS');
