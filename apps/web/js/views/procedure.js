import { h, mount, notice } from '../dom.js';
import { api, getVillagesOrEmpty } from '../api.js';
import { taskHref, go } from '../router.js';
import { loadOrShowError } from '../page.js';
import { formatDateTime, statusLabel, procedureTypeLabel, stageLabel, eventLabel, villageName, payloadRows } from '../format.js';
import { kindLabel } from '../forms.js';

// Right after a submission the workflow has started but not yet written its record: the API
// answers stage "starting" with no details. The page then looks again shortly, for a while.
const STARTING_RETRY_MS = 600;
const STARTING_RETRIES = 25;

export async function procedureView(el, params, query, ctx, attempt) {
  const id = params.id;
  const tries = attempt || 0;
  // A mediation task's procedure is its dispute case (R10), shown on the case page.
  if (/^mediation\//.test(id)) { go('/disputes/' + encodeURIComponent(id.slice('mediation/'.length)), true); return; }
  document.title = '办理过程 - 村居治理';
  const back = function () { return h('a', { class: 'back', href: '#' + ((ctx && ctx.lastInbox) || '/inbox') }, '‹ 返回我的待办'); };
  if (!tries) mount(el, back(), h('p', { class: 'loading' }, '加载中…'));

  const all = await loadOrShowError(el, {
    before: back,
    title: '办理过程',
    load: function () { return Promise.all([api.get('/api/procedures/' + encodeURIComponent(id)), getVillagesOrEmpty()]); },
    errors: { 404: '未找到该办理过程,链接可能有误', 403: '您无权查看此办理过程' },
    retry: function () { procedureView(el, params, query, ctx); },
  });
  if (!all) return;
  const p = all[0];
  const villages = all[1];
  if (!el.isConnected) return;

  if (p && p.stage === 'starting') {
    if (tries < STARTING_RETRIES) {
      mount(el, back(), h('h1', { tabindex: '-1' }, '办理过程'),
        h('p', { class: 'loading', 'data-stage': 'starting' }, '已提交,正在启动办理流程…'));
      setTimeout(function () { if (el.isConnected) procedureView(el, params, query, ctx, tries + 1); }, STARTING_RETRY_MS);
      return;
    }
    mount(el, back(), h('h1', { tabindex: '-1' }, '办理过程'),
      notice('info', '已提交,办理流程正在启动,请稍后刷新查看。'),
      h('button', { type: 'button', class: 'btn', onclick: function () { procedureView(el, params, query, ctx); } }, '刷新'));
    return;
  }

  document.title = (p.title || '办理过程') + ' - 村居治理';
  const facts = [
    ['类型', procedureTypeLabel(p.type)],
    ['当前阶段', h('span', { class: 'stage', 'data-stage': p.stage || '' }, stageLabel(p.type, p.stage))],
    p.villageId ? ['所属村', villageName(villages, p.villageId)] : null,
  ].concat(payloadRows(p.details).map(function (r) { return [r.label, r.text, r.long]; }));

  const history = (Array.isArray(p.history) ? p.history.slice() : []).sort(function (a, b) {
    return new Date(a.at).getTime() - new Date(b.at).getTime();
  });
  const tasks = Array.isArray(p.tasks) ? p.tasks : [];

  mount(el,
    back(),
    h('h1', { tabindex: '-1' }, p.title || '办理过程'),
    h('section', { class: 'card' }, dl(facts)),
    tasks.length ? h('section', { class: 'card' }, h('h2', null, '相关待办'),
      h('ul', { class: 'mini-tasks' }, tasks.map(function (t) {
        return h('li', { 'data-task-id': t.id },
          h('a', { href: taskHref(t.id) },
            h('span', { class: 'mini-title' }, t.title || kindLabel(t.kind)),
            h('span', { class: 'mini-meta' },
              h('span', { class: 'badge status ' + t.status }, statusLabel(t.status)),
              t.status === 'done' && t.completedAt ? ' 办结 ' + formatDateTime(t.completedAt)
                : t.dueAt ? ' 期限 ' + formatDateTime(t.dueAt) : '')));
      }))) : null,
    h('section', { class: 'card' }, h('h2', null, '办理过程'),
      history.length ? h('ol', { class: 'timeline' }, history.map(function (e) {
        const label = eventLabel(e.type);
        return h('li', { class: 'tl-item', 'data-event-type': e.type || '' },
          h('time', { datetime: e.at }, formatDateTime(e.at)),
          h('p', { class: 'tl-msg' }, label ? h('span', { class: 'chip small' }, label) : null, ' ', e.message || ''));
      })) : h('p', { class: 'muted' }, '暂无记录')));
}

function dl(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(function (r) {
    return h('div', { class: 'row' + (r[2] ? ' long' : '') }, h('dt', null, r[0]), h('dd', null, r[1]));
  }));
}
