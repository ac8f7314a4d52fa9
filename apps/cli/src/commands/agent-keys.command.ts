import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateAgentKey } from '@agora/messaging';
import { CliError } from '../cli-config';

export interface KeygenOptions {
  /** The agent ids the key may sign for start with it (`acme.`); '' for every agent. */
  prefix?: string;
  /** A platform key instead: the services whose own TaskFailed it signs (`auction`). */
  service?: readonly string[];
  /** Where the private key is written. @default `<keyId>.pem` in the current folder */
  out?: string;
}

/**
 * `agora agents keygen <keyId> --prefix <p>`: makes an Ed25519 key pair for agents whose ids
 * start with the prefix (`--service auction` instead: a platform key for the auction's own
 * TaskFailed). The private key goes to a new file (mode 600, never overwritten), for
 * the agents' AGENT_SIGNING_KEY_FILE; the keys-file entry goes to stdout, so it can be appended
 * to the services' AGENT_KEYS_FILE; what to do with each goes to stderr.
 */
export async function agentKeygenCommand(
  keyId: string,
  options: KeygenOptions,
  io: { out: (text: string) => void; err: (text: string) => void } = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const { prefix, service } = options;
  if ((prefix === undefined) === (service === undefined)) {
    throw new CliError(
      'give --prefix (an agent key) or --service (a platform key of the auction or the planner), one of them',
    );
  }
  let made;
  try {
    made = generateAgentKey(keyId, prefix ?? { services: service ?? [] });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const file = resolve(options.out ?? `${keyId}.pem`);
  try {
    await writeFile(file, made.privateKeyPem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === 'EEXIST'
        ? `${file} exists; choose another --out (a key is never overwritten)`
        : `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  io.out(made.keysFileEntry);
  const holders =
    made.agentIdPrefix === null
      ? `the ${made.services.join(' and the ')}`
      : `the agents whose ids start with '${made.agentIdPrefix}'`;
  io.err(
    `\nThe private key of ${keyId} is in ${file} (mode 600). Give it to ${holders} ` +
      `as AGENT_SIGNING_KEY_FILE=${file} with AGENT_KEY_ID=${keyId}` +
      `${made.agentIdPrefix === null ? '' : ' (or createAgent({ signingKey }))'}, and to nobody else.\n` +
      `Add the entry above to the AGENT_KEYS_FILE of the auction, the planner and the evaluator.\n`,
  );
  return 0;
}
