// What every page does while its data loads: the data, or the page's heading with the error.
import { h, mount, notice } from './dom.js';
import { errorMessage } from './api.js';

/**
 * Resolves to what `load()` gives; when it fails, shows `before` (e.g. a back link), the heading
 * `title` and the error (`errors`: errorMessage() overrides), with a 重新加载 button when `retry`
 * is given, and resolves to null. A 401 (already sent to the login page) shows nothing.
 */
export async function loadOrShowError(el, o) {
  try {
    return await o.load();
  } catch (err) {
    if (err && err.handled) return null;
    mount(el, o.before ? o.before() : null, h('h1', { tabindex: '-1' }, o.title), notice('error', errorMessage(err, o.errors)),
      o.retry ? h('button', { type: 'button', class: 'btn', onclick: o.retry }, '重新加载') : null);
    return null;
  }
}
