import { h, mount, notice } from '../dom.js';
import { api, getMe, errorMessage } from '../api.js';
import { formatDateTime, townTimeZone } from '../format.js';
import { procedureHref } from '../router.js';
import { REDBLACK_STAGES } from '../red-black-forms.js';

function currentQuarter() {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: townTimeZone(), year: 'numeric', month: 'numeric' }).formatToParts(new Date());
  const year = Number(parts.find(function (p) { return p.type === 'year'; }).value);
  const month = Number(parts.find(function (p) { return p.type === 'month'; }).value);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The town's view of every village's red/black procedure in a quarter. */
export async function redBlackTownView(el, params, query) {
  document.title = '红黑榜进度 - 村居治理';
  const now = currentQuarter();
  const year = Number(query.get('year')) || now.year;
  const quarter = Number(query.get('quarter')) || now.quarter;
  mount(el, h('h1', { tabindex: '-1' }, '红黑榜进度'), h('p', { class: 'loading' }, '加载中…'));
  let rows, me;
  try {
    [rows, me] = await Promise.all([api.get('/api/red-black/quarter-status', { year, quarter }), getMe()]);
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '红黑榜进度'), notice('error', errorMessage(err, { 403: '只有镇级用户可以查看全镇进度' })));
    return;
  }
  if (!el.isConnected) return;
  const prev = quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
  const next = quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: quarter + 1 };
  const link = function (q, label) { return h('a', { class: 'btn small', href: '#/town/red-black?year=' + q.year + '&quarter=' + q.quarter }, label); };
  // A red/black procedure's internals are for TOWN_OFFICE among the town roles (access table); the leadership sees the stages.
  const opensProcedures = me.roles.some(function (r) { return r.role === 'TOWN_OFFICE'; });
  const final = rows.filter(function (r) { return r.stage === 'final'; }).length;
  mount(el,
    h('h1', { tabindex: '-1' }, year + '年第' + quarter + '季度红黑榜进度'),
    h('p', null, link(prev, '‹ 上一季度'), ' ', link(next, '下一季度 ›')),
    h('p', { class: 'muted' }, '已确定 ' + final + '/' + rows.length + ' 个村'),
    h('ul', { class: 'task-list' }, rows.map(function (r) {
      const stage = r.stage ? REDBLACK_STAGES[r.stage] || r.stage : '未发起';
      const body = [
        h('span', { class: 'task-title' }, r.villageName),
        h('span', { class: 'task-meta' },
          h('span', { 'data-stage': r.stage || 'none' }, stage),
          r.overdue ? h('span', { class: 'badge overdue' }, '逾期') : null,
          r.compliant === false ? h('span', { class: 'badge overdue' }, '不达标') : r.compliant === true ? h('span', { class: 'badge status done' }, '达标') : null,
          r.updatedAt ? h('span', null, formatDateTime(r.updatedAt)) : null),
      ];
      return h('li', { class: 'task-item' + (r.overdue ? ' overdue' : ''), 'data-village': r.villageId },
        r.stage && opensProcedures ? h('a', { class: 'task-link', href: procedureHref(r.procedureId) }, body) : h('div', { class: 'task-link' }, body));
    })));
}
