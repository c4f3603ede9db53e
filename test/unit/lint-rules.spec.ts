import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/**
 * Issue 10: the Temporal rules of eslint.config.mjs (run by `make test`) keep workflow code deterministic and keep
 * workflow code out of everything but the worker's bundle. These cases keep the rules from silently going away.
 * The project's config as it is, less type information (the import rules need none, and loading it takes seconds).
 */
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } }, rules: { '@typescript-eslint/no-floating-promises': 'off' } },
});

async function reported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.line}: ${m.ruleId}`);
}

describe('ESLint rules for Temporal (issue 10)', () => {
  it('workflow code imports no Node built-in and no activity as a value; activity types are fine', async () => {
    const code = [
      "import { readFileSync } from 'fs';",
      "import { createHash } from 'node:crypto';",
      "import { TaskActivities } from '../activities/task.activities';",
      "import type { ProcedureActivities } from '../activities/procedure.activities';",
      "import { ProcedureStore } from '../libs/persistence/src';",
      'export const leak: unknown[] = [readFileSync, createHash, TaskActivities, ProcedureStore, process.env, globalThis.crypto];',
      'export type P = ProcedureActivities;',
    ].join('\n');
    expect(await reported('workflows/index.ts', code)).toEqual([
      '1: @typescript-eslint/no-restricted-imports',
      '2: @typescript-eslint/no-restricted-imports',
      '3: @typescript-eslint/no-restricted-imports',
      '5: @typescript-eslint/no-restricted-imports',
      '6: no-restricted-globals',
      '6: no-restricted-properties',
    ]);
  });

  it('outside workflow code, workflow modules are imported by type only; message definitions are values', async () => {
    const code = [
      "import { redBlack } from '../../../../workflows/red-black.workflow';",
      "export * from '../../../../workflows';",
      "import type { mediation } from '../../../../workflows/mediation.workflow';",
      "import { castVoteUpdate } from '../../../../workflows/lib/red-black-messages';",
      "import { completeTaskUpdate } from '../../../../workflows/lib/messages';",
      "import { startChildOnce } from '../../../../workflows/lib/children';",
      'export const used: unknown[] = [redBlack, castVoteUpdate, completeTaskUpdate, startChildOnce];',
      'export type M = typeof mediation;',
      "export const late = import('../../../../workflows/assessment.workflow');",
    ].join('\n');
    expect(await reported('apps/api/src/red-black/red-black.service.ts', code)).toEqual([
      '1: @typescript-eslint/no-restricted-imports',
      '2: @typescript-eslint/no-restricted-imports',
      '6: @typescript-eslint/no-restricted-imports',
      '9: no-restricted-syntax',
    ]);
  });
});
