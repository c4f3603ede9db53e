import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Issue 10 "Workflow modules are imported by type only outside workflows/": the API and the
 * worker start workflows by name (`workflow.start<typeof redBlack>('redBlack', …)`), so no
 * workflow code is loaded outside the worker's bundle. Message definitions (workflows/lib) stay
 * value imports. The tests are exempt.
 */
const ROOT = process.cwd();
const SCANNED = ['apps', 'libs', 'activities', 'scripts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** A workflow module: `workflows/<name>.workflow` or the workflows index, as a path from the root. */
function isWorkflowModule(fromRoot: string): boolean {
  return /^workflows\/(?:.+\.workflow|index)?(?:\.[mc]?[jt]s)?$/.test(fromRoot) || fromRoot === 'workflows';
}

/**
 * Static imports and re-exports without `type`, dynamic imports and requires of workflow modules in
 * one file's text. An inline `{ type X }` counts: only `import type` is certain to load nothing.
 */
function valueImportsOfWorkflows(file: string, text: string): string[] {
  const references = /\b(?:(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g;
  return [...text.matchAll(references)]
    .filter(([, typeOnly, specifier]) => !typeOnly && specifier.startsWith('.') && isWorkflowModule(relative(ROOT, resolve(dirname(file), specifier))))
    .map(([statement]) => `${relative(ROOT, file)}: ${statement.replace(/\s+/g, ' ')}`);
}

/** The exported names of workflows/index.ts: the workflow types the worker's bundle registers. */
function registeredWorkflowTypes(): Set<string> {
  const index = readFileSync(join(ROOT, 'workflows/index.ts'), 'utf8');
  return new Set([...index.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(([, names]) => names.split(',').map((n) => n.trim()).filter(Boolean)));
}

describe('workflow modules outside workflows/ (issue 10)', () => {
  const files = SCANNED.flatMap((dir) => sources(join(ROOT, dir)));

  it('the guard tells a value import of a workflow from a type import and from a message import', () => {
    const file = join(ROOT, 'apps/api/src/x/x.service.ts');
    const text = [
      "import { redBlack } from '../../../../workflows/red-black.workflow';",
      "import {\n  mediation,\n} from '../../../../workflows/mediation.workflow';",
      "import { type contractReview } from '../../../../workflows/contract-review.workflow';",
      "export * from '../../../../workflows';",
      "const m = await import('../../../../workflows/assessment.workflow.js');",
      "import type { redlistReward } from '../../../../workflows/redlist-reward.workflow';",
      "import { castVoteUpdate } from '../../../../workflows/lib/red-black-messages';",
    ].join('\n');
    expect(valueImportsOfWorkflows(file, text)).toHaveLength(5);
  });

  it('apps, libs, activities and scripts import workflow modules by type only', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => valueImportsOfWorkflows(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('every workflow started by name is started as the type it names, and the bundle registers it', () => {
    const registered = registeredWorkflowTypes();
    const starts: { file: string; typeOf?: string; name: string }[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [call, typeOf, name] of text.matchAll(/\bworkflow\.(?:start|execute|signalWithStart)\s*(?:<\s*typeof\s+(\w+)\s*>)?\s*\(\s*(?:'(\w+)')?/g)) {
        starts.push({ file: `${relative(ROOT, file)}: ${call}`, typeOf, name: name ?? '(not a name)' });
      }
      for (const [, name] of text.matchAll(/\bworkflowType:\s*'(\w+)'/g)) starts.push({ file: relative(ROOT, file), typeOf: name, name });
    }
    expect(starts.length).toBeGreaterThanOrEqual(6);
    expect(starts.filter((s) => s.typeOf !== s.name || !registered.has(s.name))).toEqual([]);
  });
});
