import { defaultSkills } from '@agora/executor/domain';

/**
 * The skills this executor serves: the built-in ones, plus yours. A skill of your own is one
 * file with a `defineSkill({...})` and one line here, e.g. `.register(translateSkill)`; agents in
 * agents.yaml may then declare its capabilities.
 */
export const skills = defaultSkills();
