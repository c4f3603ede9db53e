import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Workflow code: what the worker bundles into its deterministic sandbox (workflows/, and the bench's floor workflow). */
const WORKFLOW_FILES = ['workflows/**/*.ts', 'test/bench/*.workflow.ts'];

const SANDBOX = 'workflow code runs in the deterministic Temporal sandbox: no I/O there, call an activity instead';

const nodeBuiltins = builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`]));

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.tools/', 'data/', 'test/.tmp/', 'coverage/'] },
  tseslint.configs.recommended,
  {
    rules: {
      // A `_`-prefixed name is unused on purpose; a rest sibling omits keys from a copy (`({ id, ...rest }) => rest`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['libs/persistence/src/entities/*.ts'],
    // JSON columns hold what each procedure writes there; the code that reads one gives it its shape.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    // Test fakes stand in for a part of the real type (a repository, a Temporal client); `any` says so.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflows/**/*.ts', 'activities/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    // A workflow or activity that forgets to await an activity, a timer or a child goes on without it.
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: WORKFLOW_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.map((name) => ({ name, message: `${name} is a Node built-in; ${SANDBOX}.` })),
          ...['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'typeorm', 'mysql2', 'better-sqlite3', 'nodemailer'].map((name) => ({
            name, allowTypeImports: true, message: `${name} does I/O outside the sandbox; ${SANDBOX}.`,
          })),
        ],
        patterns: [
          {
            group: ['**/libs/persistence', '**/libs/persistence/**', '**/libs/mail', '**/libs/mail/**', '**/libs/temporal', '**/libs/temporal/**', '**/apps/**'],
            allowTypeImports: true,
            message: `Only types from the API, the worker and the I/O libraries; ${SANDBOX}.`,
          },
          {
            group: ['**/activities', '**/activities/**'],
            allowTypeImports: true,
            message: 'Activities are called through proxyActivities<typeof …>(): import their interface with `import type`.',
          },
        ],
      }],
      'no-restricted-globals': ['error',
        ...['process', 'require', 'setImmediate', 'crypto', 'performance'].map((name) => ({ name, message: `${name} is not deterministic or not there; ${SANDBOX}.` })),
      ],
      'no-restricted-properties': ['error',
        ...['process', 'require', 'setImmediate', 'crypto', 'performance'].map((property) => ({ object: 'globalThis', property, message: `${SANDBOX}.` })),
      ],
    },
  },
  {
    // Outside workflow code, workflows are started by name with `import type` (as the Temporal samples do), so no workflow
    // code is loaded outside the worker's bundle; the message definitions (workflows/lib/*messages) are shared values.
    // The workflow specs run the workflows in the test environment and may read their constants.
    files: ['**/*.ts'],
    ignores: [...WORKFLOW_FILES, 'test/workflows/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          regex: '(^|/)workflows(/(?!lib/([\\w-]+-)?messages$).*)?$',
          allowTypeImports: true,
          message: 'Start a workflow by name with `import type` (workflow.start<typeof x>(\'x\', …)); only the worker\'s bundle loads workflow code.',
        }],
      }],
      'no-restricted-syntax': ['error', {
        selector: 'ImportExpression[source.value=/(^|\\/)workflows(\\/|$)/]',
        message: 'Only the worker\'s bundle loads workflow code.',
      }],
    },
  },
);
