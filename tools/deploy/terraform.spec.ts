/* eslint-disable @typescript-eslint/no-explicit-any -- HCL parsed to JSON is untyped; the checks below are what give it shape */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, importFrom, missing, packageDir } from './dev-tools';
import { catalogFile, repoRoot } from './topic-catalog';

// Parses every .tf file with HashiCorp's own HCL parser (compiled to WebAssembly in
// @cdktf/hcl2json), then checks what `terraform validate` would without providers, which cannot
// be downloaded here: module sources exist, required variables are passed, no unknown argument
// is passed, referenced module outputs exist, versions are pinned, variables are typed and
// validated, and the topic module provisions the catalog. `terraform fmt -check` runs too when
// the terraform binary is installed.

type Block = Record<string, any>;
interface Tf {
  variable?: Record<string, Block[]>;
  output?: Record<string, Block[]>;
  module?: Record<string, Block[]>;
  resource?: Record<string, Record<string, Block[]>>;
  locals?: Block[];
  terraform?: Block[];
}

const tfRoot = join(repoRoot, 'terraform');
const hclDir = packageDir('@cdktf/hcl2json');
const hclMissing = hclDir
  ? undefined
  : missing('@cdktf/hcl2json', 'add it as a devDependency (see README.md, "Deploy")');
const metaArguments = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);

function tfFolders(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((e) => e.isFile() && e.name.endsWith('.tf')) ? [dir] : [];
  return [
    ...here,
    ...entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .flatMap((e) => tfFolders(join(dir, e.name))),
  ];
}

describe.skipIf(hclMissing)('Terraform (terraform/)', () => {
  const configs = new Map<string, Tf>();
  let parseHcl: (name: string, content: string) => Promise<Tf>;

  beforeAll(async () => {
    ({ parse: parseHcl } = await importFrom<{ parse: typeof parseHcl }>(hclDir!, 'lib/index.js'));
    for (const folder of tfFolders(tfRoot)) {
      // Terraform merges a folder's files into one configuration; so does this.
      const merged: Record<string, unknown> = {};
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.tf'))) {
        const parsed = await parseHcl(file, readFileSync(join(folder, file), 'utf8'));
        for (const [key, value] of Object.entries(parsed) as [string, unknown][]) {
          merged[key] = Array.isArray(value)
            ? [...((merged[key] as unknown[] | undefined) ?? []), ...(value as unknown[])]
            : { ...(merged[key] as object | undefined), ...(value as object) };
        }
      }
      configs.set(relative(tfRoot, folder), merged);
    }
  });

  const modules = () => [...configs.keys()].filter((k) => k.startsWith('modules/'));
  const environments = () => [...configs.keys()].filter((k) => k.startsWith('environments/'));

  it('has the four modules and the two environments, each with a versions.tf', () => {
    expect(modules().sort()).toEqual([
      'modules/agora-app',
      'modules/kafka-topics',
      'modules/namespace',
      'modules/platform-addons',
    ]);
    expect(environments().sort()).toEqual(['environments/dev', 'environments/prod']);
    for (const folder of configs.keys())
      expect(existsSync(join(tfRoot, folder, 'versions.tf')), folder).toBe(true);
  });

  it('a syntax error is reported by the parser, naming the file and position', async () => {
    await expect(parseHcl('broken.tf', 'variable "x" {\n  type = \n}\n')).rejects.toThrow(
      /broken\.tf:\d+,\d+/,
    );
  });

  it('pins Terraform and every provider to a version range', () => {
    for (const [folder, tf] of configs) {
      const settings = tf.terraform?.[0];
      expect(settings?.required_version, folder).toMatch(/^(>=|~>|=)?\s*\d+\.\d+/);
      const providers = Object.assign({}, ...(settings?.required_providers ?? [])) as Record<
        string,
        { source: string; version: string }
      >;
      expect(Object.keys(providers).length, folder).toBeGreaterThan(0);
      for (const [name, p] of Object.entries(providers)) {
        expect(p.source, `${folder} ${name}`).toMatch(/^[A-Za-z0-9-]+\/[a-z0-9-]+$/);
        expect(p.version, `${folder} ${name}`).toMatch(
          /^(~>\s*\d+\.\d+(\.\d+)?|=?\s*\d+\.\d+\.\d+)$/,
        );
      }
    }
  });

  it('types and documents every variable; every folder validates its inputs', () => {
    for (const [folder, tf] of configs) {
      const variables = Object.entries(tf.variable ?? {});
      for (const [name, [v]] of variables) {
        expect(v!.type, `${folder} var.${name} has no type`).toBeDefined();
        expect(v!.description, `${folder} var.${name} has no description`).toBeTruthy();
      }
      expect(
        variables.some(([, [v]]) => v!.validation),
        `${folder} has no validation block`,
      ).toBe(true);
      for (const [name, [o]] of Object.entries(tf.output ?? {}))
        expect(o!.description, `${folder} output.${name}`).toBeTruthy();
    }
  });

  it('wires modules correctly: sources exist, required inputs passed, no unknown inputs, outputs exist', () => {
    const problems: string[] = [];
    for (const [folder, tf] of configs) {
      for (const [name, [call]] of Object.entries(tf.module ?? {})) {
        const target = relative(tfRoot, resolve(tfRoot, folder, call!.source as string));
        const callee = configs.get(target);
        if (!callee) {
          problems.push(`${folder}: module.${name} source ${call!.source} has no .tf files`);
          continue;
        }
        const inputs = Object.entries(callee.variable ?? {});
        for (const [v, [decl]] of inputs) {
          if (!('default' in decl!) && !(v in call!))
            problems.push(`${folder}: module.${name} misses required input ${v}`);
        }
        for (const arg of Object.keys(call!)) {
          if (!metaArguments.has(arg) && !inputs.some(([v]) => v === arg))
            problems.push(`${folder}: module.${name} passes unknown input ${arg}`);
        }
      }
      const text = JSON.stringify(tf);
      for (const [, name, output] of text.matchAll(
        /module\.([a-z0-9_]+)(?:\[\d+\])?\.([a-z0-9_]+)/g,
      )) {
        const call = tf.module?.[name!]?.[0];
        const callee =
          call && configs.get(relative(tfRoot, resolve(tfRoot, folder, call.source as string)));
        if (!callee) problems.push(`${folder}: module.${name} is not declared`);
        else if (!callee.output?.[output!])
          problems.push(`${folder}: module.${name}.${output} is not an output of ${call.source}`);
      }
      for (const [, v] of text.matchAll(/var\.([a-z0-9_]+)/g)) {
        if (!tf.variable?.[v!]) problems.push(`${folder}: var.${v} is not declared`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('provisions every catalog topic: the topic module iterates over schemas/topics.yaml', () => {
    const topics = configs.get('modules/kafka-topics')!;
    expect(topics.locals?.[0]?.catalog).toBe('${yamldecode(file(var.catalog_file))}');
    expect(topics.locals?.[0]?.topics).toMatch(/for t in local\.catalog\.topics/);
    const resource = topics.resource?.kafka_topic?.catalog?.[0];
    expect(resource?.for_each).toBe('${local.topics}');
    for (const env of environments()) {
      const call = configs.get(env)!.module?.kafka_topics?.[0];
      expect(call, `${env} has no kafka_topics module`).toBeDefined();
      const repoRootExpr = configs.get(env)!.locals?.[0]?.repo_root as string;
      expect(repoRootExpr).toBe('${abspath("${path.module}/../../..")}');
      const file = (call!.catalog_file as string).replace(
        '${local.repo_root}',
        resolve(tfRoot, env, '../../..'),
      );
      expect(file).toBe(catalogFile);
    }
    // The overlays Terraform applies exist.
    for (const env of environments()) {
      const overlay = (configs.get(env)!.module?.agora_app?.[0]?.overlay_path as string).replace(
        '${local.repo_root}',
        repoRoot,
      );
      expect(existsSync(join(overlay, 'kustomization.yaml')), overlay).toBe(true);
    }
  });

  it.skipIf(!hasCommand('terraform', ['version']))(
    'is formatted as `terraform fmt` writes it',
    () => {
      const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', tfRoot], {
        encoding: 'utf8',
      });
      expect(result.status, result.stdout + result.stderr).toBe(0);
    },
  );
});
