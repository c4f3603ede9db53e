import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty } from '../api.js';
import { procedureHref } from '../router.js';
import { formatDateTime, relativeDue, statusLabel, candidateText, villageName, payloadRows } from '../format.js';
import { getTaskForm, kindLabel, describeDecision, textareaField, textOf } from '../forms.js';
import { submitForm } from '../submit-form.js';
import { loadOrShowError } from '../page.js';

const SUBMIT_ERRORS = {
  403: '您无权办理此事项',
  409: '该待办已办结',
  503: '系统繁忙,请稍后重试',
};

export async function taskView(el, params, query, ctx) {
  const id = params.id;
  document.title = '待办事项 - 村居治理';
  mount(el, backLink(ctx), h('p', { class: 'loading' }, '加载中…'));
  const reload = function () { taskView(el, params, query, ctx); };
  const all = await loadOrShowError(el, {
    before: function () { return backLink(ctx); },
    title: '待办事项',
    load: function () {
      return Promise.all([
        api.get('/api/tasks/' + encodeURIComponent(id)),
        getVillagesOrEmpty(),
        getMe().catch(function (e) { if (e && e.handled) throw e; return null; }),
      ]);
    },
    errors: { 404: '未找到该待办事项,链接可能有误', 403: '您无权查看此事项' },
    retry: reload,
  });
  if (!all) return;
  render(el, all[0], { villages: all[1], me: all[2], ctx, reload });
}

function backLink(ctx) {
  return h('a', { class: 'back', href: '#' + ((ctx && ctx.lastInbox) || '/inbox') }, '‹ 返回我的待办');
}

function render(el, task, env, flash) {
  document.title = (task.title || '待办事项') + ' - 村居治理';
  const status = task.status || 'open';
  const rows = [
    ['事项类型', kindLabel(task.kind)],
    task.villageId ? ['所属村', villageName(env.villages, task.villageId)] : null,
    task.dueAt ? ['办理期限', h('span', null, formatDateTime(task.dueAt),
      task.overdue ? [' ', h('span', { class: 'badge overdue', 'data-badge': 'overdue' }, '已逾期')]
        : status === 'open' ? h('span', { class: 'muted' }, '(' + relativeDue(task.dueAt) + ')') : null)] : null,
    status === 'open' && Array.isArray(task.candidates) && task.candidates.length
      ? ['办理人', task.candidates.map(function (c) { return candidateText(c, env.villages, env.me); }).join('、')] : null,
  ];

  const content = payloadRows(task.payload);

  mount(el,
    backLink(env.ctx),
    h('div', { class: 'title-row' },
      h('h1', { tabindex: '-1' }, task.title || '待办事项'),
      h('span', { class: 'badge status ' + status, 'data-status': status }, statusLabel(status))),
    flash || null,
    h('section', { class: 'card' }, dl(rows)),
    content.length ? h('section', { class: 'card' }, h('h2', null, '事项内容'), dl(content.map(function (r) { return [r.label, r.text, r.long, r.key]; }))) : null,
    task.procedureId ? h('p', null, h('a', { class: 'btn block link', href: procedureHref(task.procedureId), 'data-procedure-link': task.procedureId }, '查看办理过程 ›')) : null,
    status === 'open' ? formSection(el, task, env) : resultSection(task, env));
}

function dl(rows) {
  const items = [];
  for (const r of rows) {
    if (!r) continue;
    items.push(h('div', { class: 'row' + (r[2] ? ' long' : ''), 'data-field': r[3] || null }, h('dt', null, r[0]), h('dd', null, r[1])));
  }
  return h('dl', { class: 'facts' }, items);
}

function resultSection(task, env) {
  const rows = describeDecision(task.kind, task.decision).map(function (r) { return [r[0], r[1], String(r[1]).length > 40]; });
  if (task.comment) rows.push(['备注', task.comment, task.comment.length > 40]);
  if (task.completedBy) rows.push(['办理人', env.me && env.me.id === task.completedBy ? '本人' : task.completedBy]);
  if (task.completedAt) rows.push(['办结时间', formatDateTime(task.completedAt)]);
  return h('section', { class: 'card result', 'data-decision': task.decision ? JSON.stringify(task.decision) : null },
    h('h2', null, task.status === 'done' ? '办理结果:已办结' : '办理结果:' + statusLabel(task.status)),
    rows.length ? dl(rows) : h('p', { class: 'muted' }, '无'));
}

function formSection(el, task, env) {
  const def = getTaskForm(task.kind);
  if (!def) {
    return h('section', { class: 'card' }, h('h2', null, '办理'), notice('info', '此类事项(' + task.kind + ')暂不能在网页上办理,请联系镇综治办。'));
  }
  const form = def.render(task.payload || {}, task);
  form.classList.add('task-form');
  form.setAttribute('data-kind', task.kind);
  form.appendChild(textareaField({ name: 'comment', label: '备注(选填)', rows: 2 }));
  submitForm(form, {
    label: '提交',
    shapes: [def.shape || task.kind, 'taskCompletion'],
    read: function () {
      const body = { decision: def.read(form) };
      const comment = textOf(form, 'comment');
      if (comment) body.comment = comment;
      return body;
    },
    send: function (body) { return api.post('/api/tasks/' + encodeURIComponent(task.id) + '/complete', body); },
    done: function (res, body) {
      const done = Object.assign({}, task, { status: 'done', decision: body.decision, comment: body.comment || null }, res || {}, { overdue: false });
      render(el, done, env, notice('ok', '提交成功,该事项已办结。'));
      const h1 = el.querySelector('h1');
      if (h1) h1.focus();
    },
    errors: SUBMIT_ERRORS,
    failed: function (err, shown) {
      if (err && err.status === 409) shown.append(' ', h('button', { type: 'button', class: 'btn small', onclick: env.reload }, '查看办理结果'));
    },
  });

  return h('section', { class: 'card' }, h('h2', null, '办理:' + def.label), form);
}
