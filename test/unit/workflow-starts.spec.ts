import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 10: the API and the worker start workflows by name (`workflow.start<typeof redBlack>('redBlack', …)`, in the API
 * through ProcedureStarter: `starter.start<typeof redBlack>('redBlack', …)`), with
 * the workflow imported by type only (ESLint's rule, test/unit/lint-rules.spec.ts). A name is a string, so this checks
 * that each names the type it is started as and that the worker's bundle registers it.
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

/** The exported names of workflows/index.ts: the workflow types the worker's bundle registers. */
function registeredWorkflowTypes(): Set<string> {
  const index = readFileSync(join(ROOT, 'workflows/index.ts'), 'utf8');
  return new Set([...index.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(([, names]) => names.split(',').map((n) => n.trim()).filter(Boolean)));
}

describe('workflows started by name (issue 10)', () => {
  it('every workflow started by name is started as the type it names, and the bundle registers it', () => {
    const registered = registeredWorkflowTypes();
    const starts: { file: string; typeOf?: string; name: string }[] = [];
    for (const file of SCANNED.flatMap((dir) => sources(join(ROOT, dir)))) {
      const text = readFileSync(file, 'utf8');
      for (const [call, typeOf, name] of text.matchAll(/\b(?:workflow|starter)\.(?:start|execute|signalWithStart)\s*(?:<\s*typeof\s+(\w+)\s*>)?\s*\(\s*(?:'(\w+)')?/g)) {
        starts.push({ file: `${relative(ROOT, file)}: ${call}`, typeOf, name: name ?? '(not a name)' });
      }
      for (const [, name] of text.matchAll(/\bworkflowType:\s*'(\w+)'/g)) starts.push({ file: relative(ROOT, file), typeOf: name, name });
    }
    expect(starts.length).toBeGreaterThanOrEqual(6);
    expect(starts.filter((s) => s.typeOf !== s.name || !registered.has(s.name))).toEqual([]);
  });
});
