// fetch wrapper: token, JSON, errors in Chinese, 401 handling, small caches.

const TOKEN_KEY = 'cunju.token';
const TIMEOUT_MS = 30000;

export function getToken() {
  try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
}
export function setToken(token) {
  try { localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: session only */ }
}
export function clearToken() {
  try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ }
  meCache = null;
  villagesCache = null;
}

let unauthorizedHandler = function () {};
/** Called once per 401 from an authenticated call (the token is already cleared). */
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

export class ApiError extends Error {
  constructor(status, serverMessage, body) {
    super(serverMessage || ('HTTP ' + status));
    this.name = 'ApiError';
    /** HTTP status, or 0 for a network failure / timeout. */
    this.status = status;
    /** The server's `message`, arrays joined with ";". */
    this.serverMessage = serverMessage || '';
    this.body = body;
    /** True when the error was already dealt with (401 → login); views then do nothing. */
    this.handled = false;
  }
}

function serverMessageOf(body) {
  if (!body || typeof body !== 'object') return '';
  const m = body.message;
  if (Array.isArray(m)) return m.map(String).join(';');
  return typeof m === 'string' ? m : '';
}

const DEFAULT_MESSAGES = {
  0: '网络连接失败,请检查网络后重试',
  401: '登录已过期,请重新登录',
  403: '您无权进行此操作',
  404: '未找到该内容,链接可能有误或已被删除',
  409: '操作冲突,请刷新后重试',
  413: '提交的内容过长',
  429: '尝试次数过多,请稍后再试',
  503: '系统繁忙,请稍后重试',
};

/**
 * The Chinese message to show for an error. `overrides` maps status → text.
 * 400 (and 409 without an override) show the server's own message.
 */
export function errorMessage(err, overrides) {
  if (!(err instanceof ApiError)) return '页面出错,请刷新后重试';
  const o = overrides || {};
  if (Object.prototype.hasOwnProperty.call(o, err.status)) return o[err.status];
  if ((err.status === 400 || err.status === 409 || err.status === 422) && err.serverMessage) return err.serverMessage;
  if (err.status === 400) return '提交的内容有误,请检查后重试';
  if (DEFAULT_MESSAGES[err.status]) return DEFAULT_MESSAGES[err.status];
  if (err.status === 0 && err.serverMessage) return err.serverMessage;
  return '系统出错,请稍后重试';
}

/**
 * request('GET', '/api/tasks', {query: {status: 'open'}}) → parsed JSON.
 * Options: body (JSON), query (object; empty values dropped), auth (default true).
 */
export async function request(method, path, options) {
  const opts = options || {};
  const auth = opts.auth !== false;
  let url = path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const k of Object.keys(opts.query)) {
      const v = opts.query[k];
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.indexOf('?') >= 0 ? '&' : '?') + s;
  }
  const headers = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getToken();
  if (auth && token) headers.Authorization = 'Bearer ' + token;

  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: controller ? controller.signal : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    const timedOut = e && e.name === 'AbortError';
    throw new ApiError(0, timedOut ? '请求超时,请检查网络后重试' : '');
  } finally {
    if (timer) clearTimeout(timer);
  }

  const text = await res.text().catch(function () { return ''; });
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch (e) { body = text; }
  }
  if (res.ok) return body;

  const err = new ApiError(res.status, serverMessageOf(body), body);
  if (res.status === 401 && auth) {
    clearToken();
    err.handled = true;
    unauthorizedHandler();
  }
  throw err;
}

export const api = {
  get: function (path, query) { return request('GET', path, { query }); },
  post: function (path, body) { return request('POST', path, { body: body === undefined ? {} : body }); },
  put: function (path, body) { return request('PUT', path, { body }); },
};

export function login(username, password) {
  return request('POST', '/api/auth/login', { body: { username, password }, auth: false });
}

let meCache = null;
/** GET /api/me, once per login. */
export function getMe() {
  if (!meCache) {
    meCache = api.get('/api/me');
    meCache.catch(function () { meCache = null; });
  }
  return meCache;
}

let villagesCache = null;
/** GET /api/villages as a Map id → name, once per login. */
export function getVillages() {
  if (!villagesCache) {
    villagesCache = api.get('/api/villages').then(function (list) {
      const m = new Map();
      for (const v of Array.isArray(list) ? list : []) m.set(v.id, v.name);
      return m;
    });
    villagesCache.catch(function () { villagesCache = null; });
  }
  return villagesCache;
}

/** Village names are a nicety: if the list fails to load, pages still work with ids. */
export function getVillagesOrEmpty() {
  return getVillages().catch(function (e) {
    if (e && e.handled) throw e;
    return new Map();
  });
}
