import { h, mount, notice } from '../dom.js';
import { login, setToken, errorMessage } from '../api.js';
import { go, safeNext } from '../router.js';

export function loginView(el, params, query) {
  document.title = '登录 - 村居治理';
  const next = safeNext(query.get('next'));
  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'btn primary block' }, '登录');

  const form = h('form', { class: 'card', novalidate: true, onsubmit: submit },
    h('div', { class: 'field' },
      h('label', { for: 'login-username' }, '用户名'),
      h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'off', autocorrect: 'off', spellcheck: 'false', enterkeyhint: 'next', required: true })),
    h('div', { class: 'field' },
      h('label', { for: 'login-password' }, '密码'),
      h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', enterkeyhint: 'go', required: true })),
    error,
    button);

  mount(el,
    h('div', { class: 'login' },
      h('h1', { class: 'login-title', tabindex: '-1' }, '村居社会治理'),
      h('p', { class: 'login-sub' }, '请输入您的用户名和密码'),
      form));
  form.elements.username.focus();

  async function submit(e) {
    e.preventDefault();
    mount(error);
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    if (!username) return fail('请输入用户名', form.elements.username);
    if (!password) return fail('请输入密码', form.elements.password);
    button.disabled = true;
    button.textContent = '正在登录…';
    try {
      const res = await login(username, password);
      if (!res || !res.accessToken) throw new Error('no token');
      setToken(res.accessToken);
      go(next, true);
    } catch (err) {
      fail(errorMessage(err, { 401: '用户名或密码错误', 429: '尝试次数过多,请稍后再试' }), err && err.status === 401 ? form.elements.password : null);
    } finally {
      button.disabled = false;
      button.textContent = '登录';
    }
  }

  function fail(message, focus) {
    mount(error, notice('error', message));
    if (focus) { focus.focus(); if (focus.select) focus.select(); }
  }
}
