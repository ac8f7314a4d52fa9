/** Thrown at start-up when configuration is missing or invalid; the message names every bad key. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly { key: string; message: string }[],
  ) {
    super(
      `${service}: invalid configuration\n` +
        problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n') +
        '\nSet the variables in the environment (see README.md, "Configuration").',
    );
    this.name = 'ConfigError';
  }
}
