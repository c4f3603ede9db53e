import { h, mount } from '../dom.js';
import { login, setToken } from '../api.js';
import { go, safeNext } from '../router.js';
import { FormError } from '../forms.js';
import { submitForm } from '../submit-form.js';

export function loginView(el, params, query) {
  document.title = '登录 - 村居治理';
  const next = safeNext(query.get('next'));

  const form = h('form', { class: 'card' },
    h('div', { class: 'field' },
      h('label', { for: 'login-username' }, '用户名'),
      h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'off', autocorrect: 'off', spellcheck: 'false', enterkeyhint: 'next', required: true })),
    h('div', { class: 'field' },
      h('label', { for: 'login-password' }, '密码'),
      h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', enterkeyhint: 'go', required: true })));
  submitForm(form, {
    label: '登录',
    busyLabel: '正在登录…',
    read: function () {
      const username = form.elements.username.value.trim();
      const password = form.elements.password.value;
      if (!username) throw new FormError('请输入用户名', 'username');
      if (!password) throw new FormError('请输入密码', 'password');
      return { username, password };
    },
    send: function (body) { return login(body.username, body.password); },
    done: function (res) {
      if (!res || !res.accessToken) throw new Error('no token');
      setToken(res.accessToken);
      go(next, true);
    },
    errors: { 401: '用户名或密码错误', 429: '尝试次数过多,请稍后再试' },
    failed: function (err) {
      if (err && err.status === 401) { form.elements.password.focus(); form.elements.password.select(); }
    },
  });

  mount(el,
    h('div', { class: 'login' },
      h('h1', { class: 'login-title', tabindex: '-1' }, '村居社会治理'),
      h('p', { class: 'login-sub' }, '请输入您的用户名和密码'),
      form));
  form.elements.username.focus();
}
