// Hash routes: "#/path?query". Ids inside a path are one encodeURIComponent'ed segment.

/** The current route: the hash without "#", "/" when empty. */
export function currentRoute() {
  const raw = location.hash.replace(/^#/, '');
  return raw === '' ? '/' : raw;
}

/** {path, query: URLSearchParams} of a route (default: the current one). */
export function parseRoute(route) {
  const r = route === undefined ? currentRoute() : route;
  const i = r.indexOf('?');
  const path = i >= 0 ? r.slice(0, i) : r;
  const query = new URLSearchParams(i >= 0 ? r.slice(i + 1) : '');
  return { path: path || '/', query };
}

/** Decodes an id taken from a path (tolerates an unencoded id with "/" in it). */
export function decodeId(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

export function taskHref(id) { return '#/tasks/' + encodeURIComponent(id); }
export function procedureHref(id) { return '#/procedures/' + encodeURIComponent(id); }

/** Navigate to a route ("/inbox?status=done"). `replace` keeps the back button clean. */
export function go(route, replace) {
  const target = '#' + route;
  if (location.hash === target) {
    window.dispatchEvent(new Event('hashchange'));
    return;
  }
  if (replace) location.replace(target);
  else location.hash = target;
}

/** The login route that comes back to `route` (default: the current one) after login. */
export function loginRoute(route) {
  const r = route === undefined ? currentRoute() : route;
  return '/login?next=' + encodeURIComponent(r);
}

/** A safe place to go after login: an app route, never the login page itself. */
export function safeNext(next) {
  if (!next || next.charAt(0) !== '/' || next.indexOf('/login') === 0) return '/';
  return next;
}

/**
 * Matches a path against a table of [pattern, handler]; a pattern is a string with
 * at most one trailing ":param" segment, which takes the rest of the path.
 */
export function match(table, path) {
  for (const entry of table) {
    const pattern = entry[0];
    const p = pattern.indexOf('/:');
    if (p < 0) {
      if (pattern === path) return { handler: entry[1], params: {} };
      continue;
    }
    const prefix = pattern.slice(0, p + 1);
    const name = pattern.slice(p + 2);
    if (path.indexOf(prefix) === 0 && path.length > prefix.length) {
      const params = {};
      params[name] = decodeId(path.slice(prefix.length));
      return { handler: entry[1], params };
    }
  }
  return null;
}

export function start(render) {
  window.addEventListener('hashchange', render);
  render();
}
