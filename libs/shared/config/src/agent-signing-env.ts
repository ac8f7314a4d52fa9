import { z } from 'zod';

/** A key id: what the `agora-key-id` header carries and the keys file is indexed by. */
export const agentKeyIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Agent signatures (docs/protocol.md §14): an agent process signs what it publishes with an
 * Ed25519 key, and the services that act on agent events check the signature against the public
 * keys the operator registered, each bound to a prefix of agent ids. `messagingOptionsFromEnv`
 * (@agora/messaging) reads the files and keys.
 */
export const agentSigningEnvShape = {
  /**
   * The Ed25519 private key this process signs what it publishes with (PKCS#8 PEM, as
   * `agora agents keygen` writes it); needs AGENT_KEY_ID. @default none: nothing is signed
   */
  AGENT_SIGNING_KEY: z.string().optional(),
  /** A file holding AGENT_SIGNING_KEY (a mounted Secret); set one or the other. @default none */
  AGENT_SIGNING_KEY_FILE: z.string().optional(),
  /** The id of the signing key, as the verifying services' AGENT_KEYS_FILE names it. @default none */
  AGENT_KEY_ID: z
    .string()
    .regex(agentKeyIdPattern, 'letters, digits, dots, dashes and underscores, at most 128')
    .optional(),
  /**
   * What the services do with agents' signatures: `off` (no check), `verify` (check, log and
   * count failures, accept anyway: for a rollout), `require` (dead-letter what fails).
   * @default 'off'
   */
  AGENT_SIGNATURES: z.enum(['off', 'verify', 'require']).default('off'),
  /**
   * The registered public keys (YAML or JSON): key id → `{ publicKey, agentIdPrefix }`, or
   * `{ publicKey, services }` for a platform key of the auction or the planner. Required unless
   * AGENT_SIGNATURES is off. @default none
   */
  AGENT_KEYS_FILE: z.string().optional(),
};

type AgentSigningEnvObject = z.infer<z.ZodObject<typeof agentSigningEnvShape>>;

/** Rules that span the signing keys; each problem is reported under the key to fix. */
export function checkAgentSigningEnv(
  env: Partial<AgentSigningEnvObject>,
  ctx: z.RefinementCtx,
): void {
  if (env.AGENT_SIGNING_KEY && env.AGENT_SIGNING_KEY_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENT_SIGNING_KEY_FILE'],
      message: 'set AGENT_SIGNING_KEY or AGENT_SIGNING_KEY_FILE, not both',
    });
  }
  const hasKey = Boolean(env.AGENT_SIGNING_KEY || env.AGENT_SIGNING_KEY_FILE);
  if (hasKey && !env.AGENT_KEY_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENT_KEY_ID'],
      message: 'required with a signing key: the id its public key is registered under',
    });
  }
  if (env.AGENT_KEY_ID && !hasKey) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENT_SIGNING_KEY'],
      message: 'AGENT_KEY_ID is set but no key: set AGENT_SIGNING_KEY or AGENT_SIGNING_KEY_FILE',
    });
  }
  if (env.AGENT_SIGNATURES && env.AGENT_SIGNATURES !== 'off' && !env.AGENT_KEYS_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['AGENT_KEYS_FILE'],
      message: `required when AGENT_SIGNATURES is ${env.AGENT_SIGNATURES}: the registered public keys`,
    });
  }
}

/** The signing keys alone, checked: for agents outside the services (the agent SDK). */
export const agentSigningEnvSchema = z
  .object(agentSigningEnvShape)
  .superRefine(checkAgentSigningEnv);

/** Agent signing and verification settings, validated. */
export type AgentSigningEnv = z.output<typeof agentSigningEnvSchema>;
