import { h, mount, notice } from '../dom.js';
import { request, errorMessage } from '../api.js';
import { formatDateTime } from '../format.js';
import { textField, textareaField, selectField, requiredText, textOf, FormError } from '../forms.js';
import { submitForm } from '../submit-form.js';
import { COLOR_LABELS, noticeHref, nomineeBadges, nomineeLine } from '../red-black-forms.js';

const publicGet = function (path) { return request('GET', path, { auth: false }); };

/** 公示栏 (R5): every notice, no login needed. */
export async function noticesView(el) {
  document.title = '公示栏 - 村居治理';
  mount(el, h('h1', { tabindex: '-1' }, '公示栏'), h('p', { class: 'loading' }, '加载中…'));
  let list;
  try {
    list = await publicGet('/api/public/notices');
  } catch (err) {
    mount(el, h('h1', { tabindex: '-1' }, '公示栏'), notice('error', errorMessage(err)));
    return;
  }
  if (!el.isConnected) return;
  mount(el,
    h('h1', { tabindex: '-1' }, '公示栏'),
    h('p', { class: 'muted' }, '村红黑榜评选结果公示。对公示名单有异议的,可在公示期内提出。'),
    list.length ? null : h('p', { class: 'muted', 'data-empty': 'true' }, '暂无公示'),
    h('ul', { class: 'task-list' }, list.map(function (n) {
      return h('li', { class: 'task-item', 'data-notice-id': n.id },
        h('a', { class: 'task-link', href: noticeHref(n.id) },
          h('span', { class: 'task-title' }, n.villageName + ' ' + n.year + '年第' + n.quarter + '季度红黑榜公示'),
          h('span', { class: 'task-meta' },
            h('span', null, n.acceptingObjections ? '公示至 ' + formatDateTime(n.endsAt) : n.status === 'closed' ? '公示已结束' : '公示期满,复核中'))));
    })));
}

/** One notice with its red and black entries and the objection form. */
export async function noticeView(el, params) {
  document.title = '公示 - 村居治理';
  mount(el, h('h1', { tabindex: '-1' }, '公示'), h('p', { class: 'loading' }, '加载中…'));
  let n;
  try {
    n = await publicGet('/api/public/notices/' + encodeURIComponent(params.id));
  } catch (err) {
    mount(el, h('h1', { tabindex: '-1' }, '公示'), notice('error', errorMessage(err, { 404: '没有这个公示' })));
    return;
  }
  if (!el.isConnected) return;
  const group = function (color) {
    const entries = n.entries.filter(function (e) { return e.color === color; });
    return h('section', { class: 'card', 'data-color': color },
      h('h2', null, COLOR_LABELS[color] + '(' + entries.length + '名)'),
      entries.length ? h('ul', { class: 'entries' }, entries.map(function (e) {
        return h('li', { 'data-entry': e.nomineeId }, h('b', null, e.name), ' ', nomineeBadges(e), h('div', { class: 'hint' }, nomineeLine(e), e.reason ? ':' + e.reason : ''));
      })) : h('p', { class: 'muted' }, '无'));
  };
  mount(el,
    h('h1', { tabindex: '-1' }, n.villageName + ' ' + n.year + '年第' + n.quarter + '季度红黑榜公示'),
    h('p', { class: 'muted' }, '公示时间:' + formatDateTime(n.publishedAt) + ' 至 ' + formatDateTime(n.endsAt)),
    group('red'), group('black'),
    n.acceptingObjections ? objectionForm(n) : notice('info', '公示期已结束,不再受理异议。'));
}

function objectionForm(n) {
  const form = h('form', { class: 'objection-form' },
    selectField({ name: 'nomineeId', label: '对谁有异议', placeholder: '请选择', options: n.entries.map(function (e) { return { value: e.nomineeId, label: e.name + '(' + COLOR_LABELS[e.color] + ')' }; }) }),
    textareaField({ name: 'reason', label: '异议理由', rows: 4, placeholder: '请写明事实和理由' }),
    textField({ name: 'name', label: '您的姓名', autocomplete: 'name' }),
    textField({ name: 'contact', label: '联系电话', inputmode: 'tel', autocomplete: 'tel', hint: '只用于核实情况,不公开' }));
  submitForm(form, {
    label: '提交异议',
    shapes: ['objection'],
    read: function () {
      const nomineeId = textOf(form, 'nomineeId');
      if (!nomineeId) throw new FormError('请选择对谁有异议', 'nomineeId');
      return { nomineeId, reason: requiredText(form, 'reason', '异议理由'), name: requiredText(form, 'name', '姓名'), contact: requiredText(form, 'contact', '联系电话') };
    },
    send: function (body) { return request('POST', '/api/public/notices/' + encodeURIComponent(n.id) + '/objections', { body, auth: false }); },
    done: function () { form.replaceWith(notice('ok', '您的异议已受理,村“两委”将进行复核。谢谢!')); },
    errors: { 429: '提交过于频繁,请稍后再试' },
  });
  return h('section', { class: 'card' }, h('h2', null, '提出异议'), form);
}
