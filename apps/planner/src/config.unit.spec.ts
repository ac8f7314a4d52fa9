import { loadConfig } from '@agora/config';
import { describe, expect, it } from 'vitest';
import { checkDefaultWorkflow } from '@agora/planner/domain';
import { plannerEnvSchema, workflowCatalogFor } from './config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  DATABASE_URL: 'postgres://u@127.0.0.1/agora',
};

describe('planner config', () => {
  it('sets no default workflow and no workflows folder unless told', () => {
    const env = loadConfig('planner', plannerEnvSchema, base);
    expect(env.PLANNER_DEFAULT_WORKFLOW).toBeUndefined();
    expect(env.PLANNER_WORKFLOWS_DIR).toBeUndefined();
    expect(workflowCatalogFor(env).names.sort()).toEqual([
      'content',
      'devops',
      'publish',
      'research',
      'support',
      'triage',
    ]);
  });

  it('refuses a default workflow the catalog does not have, registered ones included, naming the key', () => {
    const catalog = workflowCatalogFor({});
    expect(() => checkDefaultWorkflow(catalog, 'marketing')).toThrow(
      "PLANNER_DEFAULT_WORKFLOW: unknown workflow 'marketing'; known workflows: content, devops, publish, research, support, triage",
    );
    expect(() => checkDefaultWorkflow(catalog, 'support')).not.toThrow();
    catalog.apply('marketing', { ...catalog.get('support')!, name: 'marketing' });
    expect(() => checkDefaultWorkflow(catalog, 'marketing')).not.toThrow();
  });
});
