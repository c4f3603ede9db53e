import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/**
 * Validates docker-compose.yml with the real Compose v2 CLI (`docker compose config`; it
 * needs no Docker engine). The CLI is looked for as $COMPOSE_BIN, `docker compose`, the
 * copy `bash deploy/install-compose-validator.sh` puts into .tools/compose/, then a v2
 * `docker-compose` on PATH. Without one the suite is skipped, saying so.
 */
const root = process.cwd();
const INSTALL = 'bash deploy/install-compose-validator.sh';
const LOCAL_BIN = join(root, '.tools', 'compose', 'usr', 'libexec', 'docker', 'cli-plugins', 'docker-compose');

const SECRETS = {
  JWT_SECRET: 'compose-spec-jwt-secret-0123456789',
  MYSQL_ROOT_PASSWORD: 'compose-spec-root',
  MYSQL_PASSWORD: 'compose-spec-app',
  TEMPORAL_DB_PASSWORD: 'compose-spec-temporal',
  PUBLIC_URL: 'https://zhili.example.test',
};

interface Validator {
  command: string;
  prefix: string[];
  version: string;
}

/** The caller's environment without anything that changes how compose reads the file. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('COMPOSE_') || k in SECRETS || k.startsWith('MYSQL_') || k.startsWith('TEMPORAL_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = cleanEnv({})) {
  return spawnSync(command, args, { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

function findValidator(): Validator | null {
  const candidates: Array<[string, string[]]> = [];
  if (process.env.COMPOSE_BIN) candidates.push([process.env.COMPOSE_BIN, []]);
  candidates.push(['docker', ['compose']], [LOCAL_BIN, []], ['docker-compose', []]);
  for (const [command, prefix] of candidates) {
    if (isAbsolute(command) && !existsSync(command)) continue;
    const r = run(command, [...prefix, 'version']);
    if (r.error || r.status !== 0) continue;
    const out = `${r.stdout}${r.stderr}`.trim();
    // v1 (Python, "docker-compose version 1.29.2") predates the Compose spec's top-level `name`
    const major = /version v?(\d+)\./i.exec(out)?.[1];
    if (major && Number(major) >= 2) return { command, prefix, version: out.split('\n')[0] };
  }
  return null;
}

const validator = findValidator();
const SKIP = `no Docker Compose v2 CLI found (tried $COMPOSE_BIN, \`docker compose\`, ${relative(root, LOCAL_BIN)}, docker-compose v2); install it with: ${INSTALL}`;
if (!validator) console.warn(`compose.spec.ts skipped: ${SKIP}`);

function compose(args: string[], env: Record<string, string> = SECRETS) {
  const v = validator!;
  // --env-file /dev/null: an operator's .env beside the file must not change what is checked
  return run(v.command, [...v.prefix, '--env-file', '/dev/null', '-f', join(root, 'docker-compose.yml'), ...args], cleanEnv(env));
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  healthcheck?: { test: string[] };
  volumes?: Array<{ type: string; source: string; target: string }>;
  networks?: Record<string, { aliases?: string[] } | null>;
}
interface Project {
  name: string;
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

(validator ? describe : describe.skip)(validator ? `docker-compose.yml (${validator.version})` : `docker-compose.yml — SKIPPED: ${SKIP}`, () => {
  let project: Project;

  it('`docker compose config` accepts it', () => {
    const r = compose(['config', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = compose(['config', '--format', 'json']);
    expect(json.status).toBe(0);
    project = JSON.parse(json.stdout) as Project;
    expect(project.name).toBe('village-governance');
  });

  it('has the production services', () => {
    expect(Object.keys(project.services)).toEqual(expect.arrayContaining(['mysql', 'temporal', 'temporal-ui', 'mail', 'api', 'worker']));
  });

  it('refuses to render without the secrets', () => {
    for (const missing of Object.keys(SECRETS)) {
      const env: Record<string, string> = { ...SECRETS };
      delete env[missing];
      const r = compose(['config', '--quiet'], env);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`set ${missing}`);
    }
  });

  it('builds api and worker from one Dockerfile and starts them with the right commands', () => {
    const { api, worker } = project.services;
    for (const s of [api, worker]) {
      expect(s.build).toMatchObject({ context: root, dockerfile: 'Dockerfile' });
      expect(s.image).toBe(api.image);
      expect(s.restart).toBe('unless-stopped');
    }
    // the same entry points as the project's own start scripts, and the image's default
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(api.command!.join(' ')).toBe(scripts['start:api']);
    expect(worker.command!.join(' ')).toBe(scripts['start:worker']);
    const cmd = /^CMD (\[.*\])\s*$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(api.command);
  });

  it('configures api and worker through the environment', () => {
    for (const name of ['api', 'worker']) {
      const env = project.services[name].environment!;
      expect(env).toMatchObject({
        NODE_ENV: 'production',
        PORT: '3000',
        DATABASE_URL: `mysql://village:${SECRETS.MYSQL_PASSWORD}@mysql:3306/village`,
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'village-governance',
        SMTP_URL: 'smtp://mailpit:1025',
        JWT_SECRET: SECRETS.JWT_SECRET,
        PUBLIC_URL: SECRETS.PUBLIC_URL,
        TOWN_TIMEZONE: 'Asia/Shanghai',
      });
      expect(env.MAIL_FROM).toMatch(/<.+@.+>/);
    }
    // SMTP_URL's host is the mail service's network alias
    expect(project.services.mail.networks?.default?.aliases).toContain('mailpit');
  });

  it('starts things in order, on health', () => {
    const dep = (s: string) => Object.fromEntries(Object.entries(project.services[s].depends_on ?? {}).map(([k, v]) => [k, v.condition]));
    expect(dep('api')).toMatchObject({ mysql: 'service_healthy', mail: 'service_healthy' });
    expect(dep('worker')).toMatchObject({ mysql: 'service_healthy', mail: 'service_healthy', api: 'service_healthy' });
    for (const s of ['api', 'worker']) expect(Object.values(dep(s))).toEqual(expect.arrayContaining(['service_completed_successfully']));
    expect(dep('temporal-ui')).toMatchObject({ temporal: 'service_healthy' });
    for (const s of ['mysql', 'temporal', 'mail', 'api']) expect(project.services[s].healthcheck?.test.length).toBeGreaterThan(0);
    for (const s of ['mysql', 'temporal', 'temporal-ui', 'mail', 'api', 'worker']) expect(project.services[s].restart).toBe('unless-stopped');
  });

  it('runs MySQL 8 in utf8mb4 on a named volume', () => {
    const mysql = project.services.mysql;
    expect(mysql.image).toMatch(/^mysql:8/);
    expect(mysql.command).toEqual(expect.arrayContaining(['--character-set-server=utf8mb4']));
    expect(mysql.volumes).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'volume', target: '/var/lib/mysql' })]));
    expect(Object.keys(project.volumes)).toEqual(expect.arrayContaining(['mysql-data']));
  });

  it('runs Temporal on MySQL with Updates enabled in the dynamic config', () => {
    const t = project.services.temporal;
    expect(t.image).toMatch(/^temporalio\/(server|auto-setup):/);
    expect(t.environment).toMatchObject({ DB: 'mysql8', MYSQL_SEEDS: 'mysql' });
    const mount = t.volumes!.find((v) => v.target === '/etc/temporal/config/dynamicconfig')!;
    expect(mount.source).toBe(join(root, 'deploy', 'temporal', 'dynamicconfig'));
    const file = String(t.environment!.DYNAMIC_CONFIG_FILE_PATH).replace('/etc/temporal/config/dynamicconfig', mount.source);
    const text = readFileSync(file, 'utf8');
    for (const key of ['frontend.enableUpdateWorkflowExecution', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted']) {
      expect(text).toMatch(new RegExp(`^${key.replace(/\./g, '\\.')}:\\n\\s+- value: true$`, 'm'));
    }
  });

  it('mounts only files that exist (compose would create empty directories in their place)', () => {
    for (const [name, s] of Object.entries(project.services)) {
      for (const v of s.volumes ?? []) {
        if (v.type === 'bind') expect({ service: name, source: v.source, exists: existsSync(v.source) }).toEqual({ service: name, source: v.source, exists: true });
      }
    }
  });
});
