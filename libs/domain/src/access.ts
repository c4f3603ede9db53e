import { isTownRole, type RoleBinding, type TownRole, type VillageRole } from './roles';

/**
 * Who may read or do what: every HTTP route, as Nest registers it (`METHOD /path`), once.
 * The API's access guard enforces this table, the README renders it, the matrix test runs it.
 */
export type ResourceKind = 'dispute' | 'procedure' | 'ballot' | 'task';

/** Where a role-bound route takes the village from, against which village roles are checked. */
export type VillageOf =
  /** town roles only */
  | 'town'
  /** the `villageId` of the request body */
  | 'body'
  /** a list: each caller sees the villages where they hold one of the roles (town roles: every village) */
  | 'list'
  /** the village of the resource named in the path */
  | ResourceKind;

export interface RoleGrant {
  town: readonly TownRole[];
  village: readonly VillageRole[];
}

export type Who =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  /** the task's candidates; `orCompleter`: also whoever completed it */
  | { kind: 'task-candidates'; orCompleter: boolean }
  | ({ kind: 'roles'; villageOf: VillageOf } & RoleGrant)
  /** a procedure: the roles that act in a procedure of that type, in its village */
  | { kind: 'procedure-roles'; byType: Readonly<Record<string, RoleGrant>> };

export interface AccessEntry {
  route: string;
  who: Who;
  why: string;
}

const roles = (villageOf: VillageOf, town: readonly TownRole[], village: readonly VillageRole[] = []): Who => ({ kind: 'roles', villageOf, town, village });
const PUBLIC: Who = { kind: 'public' };
const SIGNED_IN: Who = { kind: 'signed-in' };

const DISPUTE_READERS = { town: ['TOWN_OFFICE', 'TOWN_MEDIATION'], village: ['SECRETARY', 'MEDIATOR', 'LEGAL_ADVISER'] } as const;
const REWARD_CADRES: readonly VillageRole[] = ['SECRETARY', 'MEDIATOR', 'COMMITTEE'];
const TOWN_OVERSIGHT: readonly TownRole[] = ['TOWN_OFFICE', 'TOWN_LEADERSHIP'];

/** The procedure types and the roles that act in them (candidates of their tasks, or who they report to). */
export const PROCEDURE_READERS: Readonly<Record<string, RoleGrant>> = {
  'contract-review': { town: ['TOWN_OFFICE'], village: ['SECRETARY', 'MEDIATOR', 'LEGAL_ADVISER'] },
  'red-black': { town: ['TOWN_OFFICE'], village: ['SECRETARY', 'COMMITTEE', 'COUNCIL'] },
  'redblack-overdue': { town: ['TOWN_OFFICE'], village: [] },
  assessment: { town: TOWN_OVERSIGHT, village: [] },
  'reward-plan': { town: TOWN_OVERSIGHT, village: ['SECRETARY'] },
  'redlist-reward': { town: ['TOWN_OFFICE'], village: ['SECRETARY'] },
};

export const ACCESS_TABLE: readonly AccessEntry[] = [
  { route: 'POST /api/auth/login', who: PUBLIC, why: 'logging in' },
  { route: 'GET /health', who: PUBLIC, why: 'probes; says only up or down' },
  { route: 'GET /api/schemas', who: PUBLIC, why: 'the request shapes the pages check their forms with' },
  { route: 'GET /api/me', who: SIGNED_IN, why: 'the caller themself' },
  { route: 'GET /api/villages', who: SIGNED_IN, why: 'names of the villages' },
  { route: 'GET /api/policy', who: SIGNED_IN, why: 'the rules every procedure runs under are no secret' },
  { route: 'PUT /api/policy', who: roles('town', ['ADMIN']), why: 'ADMIN keeps the policy' },
  { route: 'GET /api/tasks', who: SIGNED_IN, why: 'the inbox lists only the caller’s own tasks' },
  { route: 'GET /api/tasks/:id', who: { kind: 'task-candidates', orCompleter: true }, why: 'who may act on it, or did' },
  { route: 'POST /api/tasks/:id/complete', who: { kind: 'task-candidates', orCompleter: false }, why: 'who may act on it' },
  { route: 'POST /api/procedures/contract-review', who: roles('body', [], ['SECRETARY', 'MEDIATOR']), why: 'R11: the village submits its contracts' },
  {
    route: 'GET /api/procedures/:procedureId',
    who: { kind: 'procedure-roles', byType: PROCEDURE_READERS },
    why: 'internals (contract terms, rejected nominees and why, scores) are for the roles that act in the procedure',
  },
  { route: 'POST /api/procedures/red-black', who: roles('body', ['TOWN_OFFICE', 'ADMIN'], ['SECRETARY']), why: 'R1: the secretary, or the town for a village' },
  { route: 'GET /api/red-black/quarter-status', who: roles('town', TOWN_OVERSIGHT), why: 'the town’s view of every village' },
  { route: 'GET /api/ballots', who: roles('list', ['TOWN_OFFICE'], ['REPRESENTATIVE', 'SECRETARY', 'COMMITTEE']), why: 'R4: voters, the committees that put the slate, the town office' },
  { route: 'GET /api/ballots/:id', who: roles('ballot', ['TOWN_OFFICE'], ['REPRESENTATIVE', 'SECRETARY', 'COMMITTEE']), why: 'as the list' },
  { route: 'PUT /api/ballots/:id/votes/me', who: roles('ballot', [], ['REPRESENTATIVE']), why: 'R4: representatives of that village (and on its voter list)' },
  { route: 'GET /api/public/notices', who: PUBLIC, why: 'R5: the notice board, without the poor-household flag' },
  { route: 'GET /api/public/notices/:id', who: PUBLIC, why: 'R5' },
  { route: 'POST /api/public/notices/:id/objections', who: PUBLIC, why: 'R5: anyone may object' },
  { route: 'GET /api/lists', who: SIGNED_IN, why: 'final lists as published: name, colour, category; reasons and poor households stay in the procedure' },
  { route: 'POST /api/disputes', who: roles('body', ['TOWN_OFFICE'], ['MEDIATOR', 'SECRETARY']), why: 'R10: the village registers, or the town office' },
  { route: 'GET /api/disputes/stats', who: roles('list', ['TOWN_OFFICE', 'TOWN_MEDIATION', 'TOWN_LEADERSHIP'], DISPUTE_READERS.village), why: 'counts only; the leadership oversees them' },
  { route: 'GET /api/disputes', who: roles('list', DISPUTE_READERS.town, DISPUTE_READERS.village), why: 'R10: parties and their conflict are for those who mediate' },
  { route: 'GET /api/disputes/:id', who: roles('dispute', DISPUTE_READERS.town, DISPUTE_READERS.village), why: 'as the list' },
  { route: 'POST /api/disputes/:id/risk', who: roles('dispute', DISPUTE_READERS.town, DISPUTE_READERS.village), why: 'R10: those who follow the case report its risk signs' },
  { route: 'POST /api/procedures/assessment', who: roles('town', ['TOWN_OFFICE', 'ADMIN']), why: 'R6: the town office runs the assessments' },
  { route: 'POST /api/procedures/redlist-reward', who: roles('body', ['TOWN_OFFICE', 'ADMIN'], ['SECRETARY']), why: 'R9: the secretary records, or the town office' },
  { route: 'GET /api/assessments/:year', who: roles('list', TOWN_OVERSIGHT, REWARD_CADRES), why: 'R6–R8: a village sees its own row until the ranking is confirmed, then the whole ranking' },
  { route: 'GET /api/assessments/:year/export.xlsx', who: roles('town', TOWN_OVERSIGHT), why: 'every village, confirmed or not' },
  { route: 'GET /api/rewards/:year', who: roles('list', TOWN_OVERSIGHT, ['SECRETARY']), why: 'R8: the plan stages; the secretary drafts the village’s' },
  { route: 'GET /api/rewards/:year/payments', who: roles('list', TOWN_OVERSIGHT, REWARD_CADRES), why: 'R8: the cadres paid, their village only' },
  { route: 'GET /api/rewards/:year/payments.xlsx', who: roles('town', TOWN_OVERSIGHT), why: 'every village’s payments' },
  { route: 'GET /api/rewards/:year/redlist', who: roles('list', TOWN_OVERSIGHT, ['SECRETARY']), why: 'R9: the secretary records them' },
];

const byRoute = new Map(ACCESS_TABLE.map((e) => [e.route, e]));

export function accessEntry(route: string): AccessEntry | undefined {
  return byRoute.get(route);
}

/** The roles a procedure route grants for one procedure type; none for a type the table does not know. */
export function procedureGrant(who: Extract<Who, { kind: 'procedure-roles' }>, type: string): RoleGrant {
  return who.byType[type] ?? { town: [], village: [] };
}

/** Whether the caller holds a role of the grant for a resource in that village (null: a town resource). */
export function grants(user: { roles: readonly RoleBinding[] }, grant: RoleGrant, villageId: string | null): boolean {
  return user.roles.some((b) =>
    isTownRole(b.role) ? (grant.town as readonly string[]).includes(b.role) : villageId !== null && b.villageId === villageId && (grant.village as readonly string[]).includes(b.role),
  );
}

/** Whether the caller holds a role of the grant anywhere (a resource not yet there: its handler answers 404). */
export function grantsAnywhere(user: { roles: readonly RoleBinding[] }, grant: RoleGrant): boolean {
  return user.roles.some((b) => (isTownRole(b.role) ? (grant.town as readonly string[]) : (grant.village as readonly string[])).includes(b.role));
}

/** A list route's scope: null for every village (a town role of the grant), else the caller's villages in it. */
export function listScope(user: { roles: readonly RoleBinding[] }, grant: RoleGrant): string[] | null {
  if (user.roles.some((b) => isTownRole(b.role) && (grant.town as readonly string[]).includes(b.role))) return null;
  return [...new Set(user.roles.filter((b) => b.villageId && (grant.village as readonly string[]).includes(b.role)).map((b) => b.villageId!))];
}

const VILLAGE_OF_TEXT: Record<VillageOf, string> = {
  town: 'town roles only',
  body: 'the body’s `villageId`',
  list: 'each village its own rows',
  dispute: 'the dispute’s village',
  procedure: 'the procedure’s village',
  ballot: 'the ballot’s village',
  task: 'the task’s village',
};

const grantText = (g: RoleGrant) => [g.town.length ? `town: ${g.town.join(', ')}` : '', g.village.length ? `village: ${g.village.join(', ')}` : ''].filter(Boolean).join('; ') || 'nobody';

/** The table as README markdown: one row per route (per procedure type for a procedure route). */
export function renderAccessTable(table: readonly AccessEntry[] = ACCESS_TABLE): string {
  const rows = table.flatMap((e): string[][] => {
    const route = `\`${e.route}\``;
    switch (e.who.kind) {
      case 'public':
        return [[route, 'public', '—', e.why]];
      case 'signed-in':
        return [[route, 'any signed-in user', '—', e.why]];
      case 'task-candidates':
        return [[route, e.who.orCompleter ? 'the task’s candidates, and who completed it' : 'the task’s candidates', VILLAGE_OF_TEXT.task, e.why]];
      case 'roles':
        return [[route, grantText(e.who), VILLAGE_OF_TEXT[e.who.villageOf], e.why]];
      case 'procedure-roles':
        return Object.entries(e.who.byType).map(([type, g]) => [`${route} (type \`${type}\`)`, grantText(g), VILLAGE_OF_TEXT.procedure, e.why]);
    }
  });
  return [['route', 'who', 'village', 'why'], ['---', '---', '---', '---'], ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
