import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README section between these markers is the access table, rendered from libs/domain/src/access.ts. */
export const START = '<!-- access-table:start (rendered from libs/domain/src/access.ts; UPDATE_README=1 npm test -- test/unit/access.spec.ts) -->';
export const END = '<!-- access-table:end -->';
const README = join(process.cwd(), 'README.md');

export function readmeAccessSection(): string {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no access table between ${START} and ${END}`);
  return text.slice(from + START.length, to).trim();
}

export function writeReadmeAccessSection(table: string): void {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  writeFileSync(README, `${text.slice(0, from + START.length)}\n${table}\n${text.slice(to)}`);
}

export interface ReadmeRule {
  method: string;
  /** as Nest registers it: /api/disputes/:id */
  path: string;
  /** a procedure route's procedure type */
  type?: string;
  who: 'public' | 'signed-in' | 'task-candidates' | 'task-candidates-or-completer' | 'roles';
  town: string[];
  village: string[];
  villageOf: 'none' | 'town' | 'body' | 'list' | 'dispute' | 'procedure' | 'ballot' | 'task';
}

const VILLAGE_OF: Record<string, ReadmeRule['villageOf']> = {
  '—': 'none',
  'town roles only': 'town',
  'the body’s `villageId`': 'body',
  'each village its own rows': 'list',
  'the dispute’s village': 'dispute',
  'the procedure’s village': 'procedure',
  'the ballot’s village': 'ballot',
  'the task’s village': 'task',
};

/** The README's access table, read back as rules (what the matrix test runs). */
export function parseAccessTable(markdown: string): ReadmeRule[] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((line) => {
      const [routeCell, whoCell, villageCell] = line.split('|').slice(1, -1).map((c) => c.trim());
      const m = /^`(GET|POST|PUT|PATCH|DELETE) ([^`]+)`(?: \(type `([^`]+)`\))?$/.exec(routeCell);
      if (!m) throw new Error(`unreadable route cell: ${routeCell}`);
      const villageOf = VILLAGE_OF[villageCell];
      if (!villageOf) throw new Error(`unreadable village cell: ${villageCell}`);
      const base = { method: m[1], path: m[2], type: m[3], villageOf, town: [] as string[], village: [] as string[] };
      if (whoCell === 'public') return { ...base, who: 'public' };
      if (whoCell === 'any signed-in user') return { ...base, who: 'signed-in' };
      if (whoCell === 'the task’s candidates') return { ...base, who: 'task-candidates' };
      if (whoCell === 'the task’s candidates, and who completed it') return { ...base, who: 'task-candidates-or-completer' };
      const rule: ReadmeRule = { ...base, who: 'roles' };
      if (whoCell === 'nobody') return rule;
      for (const part of whoCell.split('; ')) {
        const [level, list] = part.split(': ');
        if (level !== 'town' && level !== 'village') throw new Error(`unreadable who cell: ${whoCell}`);
        rule[level] = list.split(', ');
      }
      return rule;
    });
}
