import { h, mount, notice } from '../dom.js';
import { api, getVillagesOrEmpty, errorMessage } from '../api.js';
import { go, taskHref } from '../router.js';
import { formatDateTime, relativeDue, villageName } from '../format.js';
import { taskKinds, kindLabel } from '../forms.js';

const PAGE_SIZE = 20;

function inboxRoute(status, kind, page) {
  const q = new URLSearchParams();
  if (status !== 'open') q.set('status', status);
  if (kind) q.set('kind', kind);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return '/inbox' + (s ? '?' + s : '');
}

export async function inboxView(el, params, query) {
  const status = query.get('status') === 'done' ? 'done' : 'open';
  const kind = query.get('kind') || '';
  const page = Math.max(1, parseInt(query.get('page') || '1', 10) || 1);
  document.title = '我的待办 - 村居治理';

  const tab = function (value, label) {
    const selected = value === status;
    return h('button', {
      type: 'button', role: 'tab', class: 'tab', 'aria-selected': selected ? 'true' : 'false', 'data-tab': value,
      onclick: function () { if (!selected) go(inboxRoute(value, kind, 1)); },
    }, label);
  };

  const kindOptions = [h('option', { value: '' }, '全部类型')];
  for (const k of taskKinds()) kindOptions.push(h('option', { value: k.kind, selected: k.kind === kind }, k.label));
  if (kind && !taskKinds().some(function (k) { return k.kind === kind; })) kindOptions.push(h('option', { value: kind, selected: true }, kind));
  const kindSelect = h('select', { id: 'inbox-kind', name: 'kind', onchange: function () { go(inboxRoute(status, kindSelect.value, 1)); } }, kindOptions);

  const body = h('div', { class: 'inbox-body', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'loading' }, '加载中…'));

  mount(el,
    h('h1', { tabindex: '-1' }, '我的待办'),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': '待办或已办' }, tab('open', '待办'), tab('done', '已办')),
    h('div', { class: 'filter field inline' }, h('label', { for: 'inbox-kind' }, '事项类型'), kindSelect),
    body);

  let result, villages;
  try {
    const both = await Promise.all([
      api.get('/api/tasks', { status, kind, page, pageSize: PAGE_SIZE }),
      getVillagesOrEmpty(),
    ]);
    result = both[0];
    villages = both[1];
  } catch (err) {
    if (err && err.handled) return;
    body.setAttribute('aria-busy', 'false');
    mount(body, notice('error', errorMessage(err)), h('button', { type: 'button', class: 'btn', onclick: function () { go(inboxRoute(status, kind, page)); } }, '重新加载'));
    return;
  }
  body.setAttribute('aria-busy', 'false');

  const items = (result && Array.isArray(result.items)) ? result.items : [];
  const total = (result && typeof result.total === 'number') ? result.total : items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  let list;
  if (items.length === 0) {
    list = h('p', { class: 'empty' },
      total > 0 && page > 1 ? ['本页没有事项。', h('a', { href: '#' + inboxRoute(status, kind, 1) }, '回到第 1 页')]
        : status === 'open' ? '暂无待办事项' : '暂无已办事项');
  } else {
    list = h('ul', { class: 'task-list' }, items.map(function (t) { return taskItem(t, villages, status); }));
  }

  const pager = h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'btn', disabled: page <= 1, onclick: function () { go(inboxRoute(status, kind, page - 1)); } }, '上一页'),
    h('span', { class: 'pager-info' }, '第 ' + page + ' 页 / 共 ' + total + ' 条'),
    h('button', { type: 'button', class: 'btn', disabled: page >= pages, onclick: function () { go(inboxRoute(status, kind, page + 1)); } }, '下一页'));

  mount(body, list, total > PAGE_SIZE || page > 1 ? pager : h('p', { class: 'pager-info solo' }, '第 ' + page + ' 页 / 共 ' + total + ' 条'));
}

function taskItem(t, villages, status) {
  const village = villageName(villages, t.villageId);
  const due = t.dueAt ? formatDateTime(t.dueAt) : '';
  const rel = status === 'open' && t.dueAt ? relativeDue(t.dueAt) : '';
  return h('li', { class: 'task-item' + (t.overdue ? ' overdue' : ''), 'data-task-id': t.id, 'data-overdue': t.overdue ? 'true' : 'false' },
    h('a', { href: taskHref(t.id), class: 'task-link' },
      h('span', { class: 'task-top' },
        h('span', { class: 'chip' }, kindLabel(t.kind)),
        t.overdue ? h('span', { class: 'badge overdue', 'data-badge': 'overdue' }, '已逾期') : null),
      h('span', { class: 'task-title' }, t.title),
      h('span', { class: 'task-meta' },
        village ? h('span', { class: 'village' }, village) : null,
        due ? h('span', { class: 'due' }, '截止 ' + due + (rel && !t.overdue ? '(' + rel + ')' : '')) : null)));
}
