import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService } from '../../scripts/lib/services';
import { ApiClient, eventually, openTaskOf, type HttpResult } from './system';
import { slate } from './slates';

/**
 * The API fuzzer (issue 9): schemathesis over `/api/docs-json`, once per kind of user, checking
 * that no response is a 5xx and that every response matches what the document says of it
 * (status code, content type, body schema). `make fuzz` and `test/e2e/fuzz.spec.ts` both run it.
 */

/** One demo user of each kind, and `null` for no login at all. */
export const FUZZ_USERS: (string | null)[] = [
  'admin',
  'town.office',
  'town.leader',
  'town.mediation',
  'secretary.v01',
  'mediator.v01',
  'committee.v01.1',
  'council.v01.1',
  'rep.v01.01',
  'legal.v01',
  null,
];

export const FUZZ_CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance', 'content_type_conformance'];

export interface FuzzBudget {
  /** Test cases per operation and phase (schemathesis `--max-examples`). */
  maxExamples: number;
  /** Schemathesis phases; all four by default. */
  phases?: ('examples' | 'coverage' | 'fuzzing' | 'stateful')[];
  seed?: number;
}

export interface FuzzFinding {
  code: string;
  title: string;
  count: number;
  operations: string[];
}

export interface UserFuzzResult {
  user: string;
  requests: number;
  testCases: number;
  /** Operations tested, and those of them that answered at least one request with a 2xx. */
  operations: number;
  reached: number;
  findings: FuzzFinding[];
  /** What kept schemathesis from testing an operation (a broken document, a network error), with counts. */
  errors: { title: string; count: number }[];
  exitCode: number | null;
  /** Where its full output and reports are. */
  reportDir: string;
}

const schemathesis = () => process.env.SCHEMATHESIS ?? join(process.cwd(), '.tools', 'venv', 'bin', 'st');

/**
 * Records for the fuzzer to find through the document's links, so that lists are not empty and
 * the item schemas are checked: open tasks of several kinds, a dispute, a closed ballot of v01
 * and its public notice, accepting objections.
 */
export async function seedFuzzData(apiUrl: string): Promise<void> {
  const as = (u: string) => ApiClient.login(apiUrl, u);
  const ok = async (what: string, status: number, res: Promise<HttpResult>) => {
    const r = await res;
    if (r.status !== status) throw new Error(`seeding the fuzz data: ${what} answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const secretary = await as('secretary.v01');
  const { procedureId } = await ok('red/black start', 201, secretary.post('/api/procedures/red-black', { villageId: 'v01', year: 2026, quarter: 1 }));
  await ok('contract review', 201, secretary.post('/api/procedures/contract-review', { villageId: 'v01', title: '鱼塘承包合同', counterparty: '青山水产合作社', amountFen: 1_250_000, summary: '承包期五年' }));
  await ok('dispute', 201, (await as('mediator.v01')).post('/api/disputes', { villageId: 'v01', parties: [{ name: '甲' }, { name: '乙' }], category: 'neighbour', summary: '宅基地边界纠纷' }));

  const council = await as('council.v01.1');
  await ok('nomination', 200, council.complete((await openTaskOf(council, procedureId, 'redblack.nominate')).id, slate()));
  const committee = await as('committee.v01.1');
  const discuss = await openTaskOf(committee, procedureId, 'redblack.discuss');
  await ok('discussion', 200, committee.complete(discuss.id, { decisions: discuss.payload.nominees.map((n: any) => ({ nomineeId: n.nomineeId, approve: true })), minutes: '两委会议讨论通过' }));
  const first = await as('rep.v01.01');
  const ballot = await eventually(async () => (await first.get('/api/ballots?status=open')).body.find?.((b: any) => b.procedureId === procedureId));
  const choices = ballot.nominees.map((n: any) => ({ nomineeId: n.nomineeId, choice: 'agree' }));
  for (let i = 1; i <= ballot.representatives; i++) {
    const rep = i === 1 ? first : await as(`rep.v01.${String(i).padStart(2, '0')}`);
    await ok('vote', 200, rep.put(`/api/ballots/${encodeURIComponent(ballot.id)}/votes/me`, { choices }));
  }
  await eventually(async () => (await new ApiClient(apiUrl).get('/api/public/notices')).body.some?.((n: any) => n.procedureId === procedureId), 30_000);
}

/** Runs schemathesis over the document as one user with their bearer token, or with none (`token: null`). */
export async function fuzzAs(apiUrl: string, user: { name: string; token: string | null }, budget: FuzzBudget, reportRoot: string): Promise<UserFuzzResult> {
  const { name, token } = user;
  const reportDir = join(reportRoot, name);
  mkdirSync(reportDir, { recursive: true });
  const args = [
    'run',
    `${apiUrl}/api/docs-json`,
    ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
    '--checks', FUZZ_CHECKS.join(','),
    '--max-examples', String(budget.maxExamples),
    ...(budget.phases ? ['--phases', budget.phases.join(',')] : []),
    ...(budget.seed !== undefined ? ['--seed', String(budget.seed)] : []),
    '--continue-on-failure',
    // Hypothesis's health checks judge how fast data is generated on a loaded machine, not the API.
    '--suppress-health-check', 'all',
    '--generation-database', 'none',
    '--request-timeout', '30',
    '--no-color',
    '--report', 'json,har',
    '--report-dir', reportDir,
  ];
  const output: string[] = [];
  const run = startService(`fuzz ${name}`, schemathesis(), args, { quiet: true, onLine: (line) => output.push(line), cwd: reportDir });
  const exitCode = await run.exited;
  writeFileSync(join(reportDir, 'output.txt'), output.join('\n'));
  const file = (prefix: string) => readdirSync(reportDir).find((f) => f.startsWith(prefix));
  const jsonFile = file('json-');
  if (!jsonFile) throw new Error(`schemathesis as ${name} wrote no report (exit ${exitCode}):\n${String(run)}`);
  const report = JSON.parse(readFileSync(join(reportDir, jsonFile), 'utf8'));
  const harFile = file('har-');
  const requests = harFile ? JSON.parse(readFileSync(join(reportDir, harFile), 'utf8')).log.entries.length : 0;
  return {
    user: name,
    requests,
    testCases: report.test_cases.generated,
    operations: report.operations.tested,
    reached: Object.values(report.valid_rates as Record<string, Record<string, { accepted: number }>>).filter((phases) => Object.values(phases).some((p) => p.accepted > 0)).length,
    findings: report.failures.map((f: any) => ({ code: f.code, title: f.title, count: f.count, operations: f.operations })),
    errors: report.errors.map((e: any) => ({ title: e.title, count: e.count })),
    exitCode,
    reportDir,
  };
}

export const findingsOf = (r: UserFuzzResult) => [...r.findings, ...r.errors].reduce((n, f) => n + f.count, 0);

export function describeResult(r: UserFuzzResult): string {
  const head = `fuzz: user=${r.user} requests=${r.requests} operations=${r.operations} reached=${r.reached} findings=${findingsOf(r)}`;
  const lines = [...r.findings.map((f) => `  ${f.code} ${f.title} ×${f.count}: ${f.operations.join(', ')}`), ...r.errors.map((e) => `  error: ${e.title} ×${e.count}`)];
  if (lines.length) lines.push(`  details: ${join(r.reportDir, 'output.txt')}`);
  return [head, ...lines].join('\n');
}

/** Every kind of user, `concurrency` at a time (default one after another); `say` gets each user's summary as it finishes. */
export async function fuzzEveryUser(
  apiUrl: string,
  budget: FuzzBudget,
  reportRoot: string,
  opts: { say?: (line: string) => void; users?: (string | null)[]; concurrency?: number } = {},
): Promise<UserFuzzResult[]> {
  if (!existsSync(schemathesis())) throw new Error(`schemathesis is not installed at ${schemathesis()}: run \`bash scripts/setup.sh fuzz\``);
  // Everyone logs in first: the fuzzer itself tries the login route with usernames it has seen
  // and wrong passwords, which may lock a user out of logging in (not out of a token they hold).
  const users: { name: string; token: string | null }[] = [];
  for (const u of opts.users ?? FUZZ_USERS) users.push({ name: u ?? 'anonymous', token: u ? ((await ApiClient.login(apiUrl, u)).token ?? null) : null });
  const results: UserFuzzResult[] = new Array(users.length);
  let next = 0;
  const lane = async () => {
    while (next < users.length) {
      const i = next++;
      results[i] = await fuzzAs(apiUrl, users[i], budget, reportRoot);
      opts.say?.(describeResult(results[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 1, users.length) }, lane));
  return results;
}
