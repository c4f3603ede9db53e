import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ACTIVITIES, activityFunctions } from '../../activities';

/**
 * Issue 10 "the worker registers its activities by an explicit list": activities/index.ts names
 * each class's activities, so a private helper never becomes one (two classes' private `send`
 * collided under the old prototype walk). Workflows reach activities through
 * `proxyActivities<SomeActivities>`, so every public method of a proxied class must be listed.
 */
const ROOT = process.cwd();

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The public methods of every class declared in activities/, read from the source (TypeScript's `private` is gone at run time). */
function publicMethodsByClass(): Map<string, string[]> {
  const classes = new Map<string, string[]>();
  for (const file of tsFiles(join(ROOT, 'activities'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const node of source.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      const methods = node.members
        .filter(ts.isMethodDeclaration)
        .filter((m) => ts.isIdentifier(m.name))
        .filter((m) => !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)))
        .map((m) => (m.name as ts.Identifier).text);
      classes.set(node.name.text, methods);
    }
  }
  return classes;
}

/** The activity classes the workflows proxy (`proxyActivities<C>` and `proxyLocalActivities<C>`). */
function proxiedClasses(): Set<string> {
  const texts = tsFiles(join(ROOT, 'workflows')).map((file) => readFileSync(file, 'utf8'));
  return new Set(texts.flatMap((text) => [...text.matchAll(/\bproxy(?:Local)?Activities<\s*(\w+)\s*>/g)].map(([, cls]) => cls)));
}

describe('the worker’s activity list (issue 10)', () => {
  it('names every activity once across the classes', () => {
    const names = ACTIVITIES.flatMap((a) => a.names);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const functions = activityFunctions((cls) => Object.create(cls.prototype));
    expect(Object.keys(functions).sort()).toEqual([...names].sort());
  });

  it('lists every public method of each activity class, and only those', () => {
    const declared = publicMethodsByClass();
    expect([...declared.keys()].sort()).toEqual(ACTIVITIES.map((a) => a.cls.name).sort());
    for (const { cls, names } of ACTIVITIES) expect({ [cls.name]: [...names].sort() }).toEqual({ [cls.name]: [...declared.get(cls.name)!].sort() });
  });

  it('hosts every class the workflows call through proxyActivities', () => {
    const hosted = new Set(ACTIVITIES.map((a) => a.cls.name));
    const proxied = proxiedClasses();
    expect(proxied.size).toBeGreaterThanOrEqual(5);
    expect([...proxied].filter((cls) => !hosted.has(cls))).toEqual([]);
  });
});
