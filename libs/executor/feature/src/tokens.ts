/** The feature's own providers. */
export const EXECUTOR_CONFIG = Symbol('EXECUTOR_CONFIG');
