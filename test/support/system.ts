import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/services';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { TMP_DIR } from './databases';

export const DEMO_PASSWORD = 'demo-pass-2026';

/** The whole system on fresh ports and a fresh data folder, as `make start` runs it. */
export async function startSystem(env: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const [api, temporal, smtp, mailWeb] = [await freePort(), await freePort(), await freePort(), await freePort()];
  mkdirSync(TMP_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(TMP_DIR, 'system-'));
  return startStack({ dataDir, ports: { api, temporal, smtp, mailWeb }, env: { DEMO_PASSWORD, ...env }, quiet: !process.env.DEBUG_STACK });
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  ms: number;
}

/** A small HTTP client for the public API, logged in as one user. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    private readonly headers: Record<string, string> = {},
    /** Abort a request that has no answer after this long (none by default). */
    readonly timeoutMs?: number,
  ) {}

  /**
   * Logs in. `from`: the client address the trusted (loopback) proxy names in X-Forwarded-For, for
   * load runs that log in more users than one address may in a minute (RATE_LIMITS.login);
   * `timeoutMs`: the client's request timeout.
   */
  static async login(baseUrl: string, username: string, password = DEMO_PASSWORD, opts: { from?: string; timeoutMs?: number } = {}): Promise<ApiClient> {
    const res = await new ApiClient(baseUrl, undefined, opts.from ? { 'x-forwarded-for': opts.from } : {}, opts.timeoutMs).post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiClient(baseUrl, res.body.accessToken, {}, opts.timeoutMs);
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }

  async raw(method: string, path: string, rawBody: string, contentType = 'application/json'): Promise<HttpResult> {
    const started = Date.now();
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: { 'content-type': contentType, ...this.headers, ...this.auth() },
      body: method === 'GET' ? undefined : rawBody,
      signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : null, ms: Date.now() - started };
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
    return this.raw(method, path, body === undefined ? '' : JSON.stringify(body)) as Promise<HttpResult<T>>;
  }

  /** Completes a task by id (URL-encoded here). */
  complete(taskId: string, decision: unknown, comment?: string) {
    return this.post(`/api/tasks/${encodeURIComponent(taskId)}/complete`, { decision, ...(comment ? { comment } : {}) });
  }

  task(taskId: string) {
    return this.get(`/api/tasks/${encodeURIComponent(taskId)}`);
  }

  procedure(id: string) {
    return this.get(`/api/procedures/${encodeURIComponent(id)}`);
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls until a value is there (a task a workflow opens shortly after a step). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The open task of a kind in a user's inbox for a procedure. */
export async function openTaskOf(client: ApiClient, procedureId: string, kind: string, timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const res = await client.get(`/api/tasks?status=open&kind=${kind}&pageSize=100`);
    return res.body.items?.find((t: any) => t.procedureId === procedureId);
  }, timeoutMs);
}
