import { resolve } from 'node:path';
import type { SkillDefinition, SkillRegistry } from '@agora/executor/domain';

/** A module named in SKILL_MODULES that cannot be used; the message names the file. */
export class SkillModuleError extends Error {
  readonly key = 'SKILL_MODULES';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SkillModuleError';
  }
}

function isSkill(value: unknown): value is SkillDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SkillDefinition>;
  return (
    typeof v.name === 'string' &&
    Array.isArray(v.capabilities) &&
    typeof v.output === 'string' &&
    typeof v.run === 'function'
  );
}

/** The skill definitions a module exports: named exports and default, single or in arrays. */
function skillsOf(exports: Record<string, unknown>): SkillDefinition[] {
  return Object.values(exports)
    .flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter(isSkill);
}

/**
 * Registers the skills exported by each module (JavaScript, or TypeScript where the process runs
 * with a TypeScript loader), resolved from the working directory: a skill of your own without
 * editing the executor. Fails naming the module when it cannot be loaded or exports no skill.
 */
export function loadSkillModules(paths: readonly string[], registry: SkillRegistry): string[] {
  const loaded: string[] = [];
  for (const path of paths) {
    const file = resolve(path);
    let exports: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- modules named at run time
      exports = require(file) as Record<string, unknown>;
    } catch (error) {
      throw new SkillModuleError(
        `cannot load ${path} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
        { cause: error },
      );
    }
    const skills = skillsOf(exports);
    if (skills.length === 0) {
      throw new SkillModuleError(
        `${path} exports no skill: export a defineSkill({ name, capabilities, output, run }) from it`,
      );
    }
    try {
      // Modules are cached, so loading the configuration again finds the same definitions.
      registry.register(...skills.filter((s) => !registry.list().includes(s)));
    } catch (error) {
      throw new SkillModuleError(`${path}: ${(error as Error).message}`, { cause: error });
    }
    loaded.push(...skills.map((s) => s.name));
  }
  return loaded;
}
