import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const kafka = ['kafkajs', '@kafkajs/*'];
const postgres = ['typeorm', '@nestjs/typeorm', 'pg'];

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', '.agora', '.nx', 'libs/contracts/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Nest injects by the runtime class, so an import used only in a constructor type must stay a value import.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Services meet only through contracts on Kafka: never through each other's code.
            ...['planner', 'auction', 'executor', 'evaluator', 'memory', 'console', 'cli'].map(
              (s) => ({
                sourceTag: `scope:${s}`,
                onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
              }),
            ),
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:domain',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
              bannedExternalImports: [...kafka, ...postgres],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:domain',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
              bannedExternalImports: [...kafka, ...postgres],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:domain',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
            },
            // Only libs/messaging talks to Kafka; only PostgreSQL data-access libraries use TypeORM.
            { sourceTag: 'io:kafka', bannedExternalImports: postgres },
            { sourceTag: 'io:postgres', bannedExternalImports: kafka },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:util',
                'type:contracts',
                'type:testing',
              ],
              bannedExternalImports: [...kafka, ...postgres, '@nestjs/*'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'],
              bannedExternalImports: [...kafka, ...postgres, '@nestjs/*'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing'],
              bannedExternalImports: [...kafka, ...postgres],
            },
            {
              // Shared test helpers stay free of other libraries, so any library's tests can use them.
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:testing'],
              bannedExternalImports: [...kafka, ...postgres],
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach into a library's internals and use loose typing for fixtures.
    files: ['**/*.spec.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The web console runs in a browser: Node's globals and modules type-check there (see its
    // tsconfig) but would fail at run time.
    files: ['apps/console/web/**/*.ts', 'apps/console/web/**/*.tsx'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'global', 'require', '__dirname'],
      'no-restricted-imports': ['error', { patterns: ['node:*'] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
