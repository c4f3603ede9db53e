import { h, mount, notice } from '../dom.js';
import { api, getVillagesOrEmpty, errorMessage } from '../api.js';
import { taskHref } from '../router.js';
import { loadOrShowError } from '../page.js';
import { applyLimits } from '../schema-limits.js';
import { formatDateTime, relativeDue, statusLabel, villageName } from '../format.js';
import { kindLabel } from '../forms.js';
import { CATEGORY_LABELS, RISK_LABELS, DISPUTE_STATUS_LABELS } from '../mediation-forms.js';

const EVENT_LABELS = {
  registered: '登记', session: '调解', escalated: '升级', risk: '风险苗头', counselling: '心理疏导',
  resolved: '调解成功', followup: '回访', reopened: '重新调解', exhausted: '调解终结', litigation: '引导诉讼',
};
const REASON_LABELS = { failed: '调解不成', timeout: '超期', risk: '风险苗头' };

export async function mediationCaseView(el, params, query, ctx) {
  const id = params.id;
  document.title = '纠纷案件 - 村居治理';
  const back = function () { return h('a', { class: 'back', href: '#/disputes' }, '‹ 纠纷案件'); };
  mount(el, back(), h('p', { class: 'loading' }, '加载中…'));
  const all = await loadOrShowError(el, {
    before: back,
    title: '纠纷案件',
    load: function () { return Promise.all([api.get('/api/disputes/' + encodeURIComponent(id)), getVillagesOrEmpty()]); },
    errors: { 404: '未找到该案件', 403: '您无权查看此纠纷案件' },
  });
  if (!all) return;
  const c = all[0];
  const villages = all[1];
  if (!el.isConnected) return;
  const reload = function () { mediationCaseView(el, params, query, ctx); };
  document.title = (c.title || '纠纷案件') + ' - 村居治理';
  const ladder = Array.isArray(c.ladder) ? c.ladder : [];
  const facts = [
    ['案件状态', h('span', { class: 'stage', 'data-case-status': c.status }, DISPUTE_STATUS_LABELS[c.status] || c.status)],
    ['当前层级', h('span', { 'data-tier': String(c.tier) }, '第' + c.tier + '级 ' + (c.tierName || ''))],
    c.dueAt && c.status === 'open' ? ['本级期限', h('span', null, formatDateTime(c.dueAt), ' ', c.overdue ? h('span', { class: 'badge overdue' }, '已逾期') : h('span', { class: 'muted' }, '(' + relativeDue(c.dueAt) + ')'))] : null,
    ['所属村', villageName(villages, c.villageId)],
    ['纠纷类型', CATEGORY_LABELS[c.category] || c.category],
    ['当事人', (c.parties || []).map(function (p) { return p.name + (p.contact ? '(' + p.contact + ')' : ''); }).join('、')],
    ['简要情况', c.summary, true],
    c.major ? ['重大纠纷', '是(法律顾问参与)'] : null,
  ];
  const open = c.status === 'open' || c.status === 'awaiting_followup';
  mount(el,
    back(),
    h('h1', { tabindex: '-1' }, c.title || '纠纷案件'),
    h('section', { class: 'card' }, dl(facts)),
    ladder.length ? h('section', { class: 'card' }, h('h2', null, '调解层级'),
      h('ol', { class: 'ladder' }, ladder.map(function (t, i) {
        return h('li', { class: i + 1 === c.tier ? 'current' : i + 1 < c.tier ? 'passed' : '', 'data-ladder-tier': String(i + 1) },
          '第' + (i + 1) + '级 ' + t.name + '(' + (t.level === 'town' ? '镇级' : '村级') + ')');
      }))) : null,
    open ? riskSection(c, reload) : null,
    (c.tasks || []).length ? h('section', { class: 'card' }, h('h2', null, '相关待办'),
      h('ul', { class: 'mini-tasks' }, c.tasks.map(function (t) {
        return h('li', { 'data-task-id': t.id }, h('a', { href: taskHref(t.id) },
          h('span', { class: 'mini-title' }, t.title || kindLabel(t.kind)),
          h('span', { class: 'mini-meta' }, h('span', { class: 'badge status ' + t.status }, statusLabel(t.status)),
            t.status === 'done' && t.completedAt ? ' 办结 ' + formatDateTime(t.completedAt) : t.status === 'open' && t.dueAt ? ' 期限 ' + formatDateTime(t.dueAt) : '')));
      }))) : null,
    h('section', { class: 'card' }, h('h2', null, '调处过程'),
      h('ol', { class: 'timeline' }, (c.timeline || []).map(function (e) {
        return h('li', { class: 'tl-item', 'data-event-type': e.type, 'data-reason': e.reason || null },
          h('time', { datetime: e.at }, formatDateTime(e.at)),
          h('p', { class: 'tl-msg' }, h('span', { class: 'chip small' }, EVENT_LABELS[e.type] || e.type),
            e.type === 'escalated' && e.reason ? [' ', h('span', { class: 'chip small' }, REASON_LABELS[e.reason] || e.reason)] : null,
            ' ', e.message || ''));
      }))));
}

/** One tap on a sign, then a confirmation (with an optional note) before it is reported. */
function riskSection(c, reload) {
  const box = h('div', { class: 'risk-confirm' });
  const result = h('div', { 'aria-live': 'polite' });
  const buttons = Object.keys(RISK_LABELS).map(function (flag) {
    return h('button', { type: 'button', class: 'btn small risk', 'data-flag': flag, onclick: function () { confirm(flag); } }, RISK_LABELS[flag]);
  });
  function confirm(flag) {
    const note = h('textarea', { name: 'note', rows: 2, placeholder: '情况说明(选填)' });
    const yes = h('button', { type: 'button', class: 'btn primary small', 'data-confirm': flag }, '确认上报');
    const no = h('button', { type: 'button', class: 'btn small', onclick: function () { mount(box); } }, '取消');
    yes.addEventListener('click', async function () {
      yes.disabled = true;
      yes.textContent = '正在上报…';
      try {
        await api.post('/api/disputes/' + encodeURIComponent(c.caseId) + '/risk', { flag, note: note.value.trim() });
        mount(box);
        mount(result, notice('ok', '已上报:' + RISK_LABELS[flag]));
        setTimeout(reload, 800);
      } catch (err) {
        if (err && err.handled) return;
        yes.disabled = false;
        yes.textContent = '确认上报';
        mount(result, notice('error', errorMessage(err)));
      }
    });
    mount(box, notice('info', '确认上报“' + RISK_LABELS[flag] + '”?' + (flag === 'skip_level_petition' || flag === 'group_petition' ? '案件将立即升至镇级调解,并通知镇综治办和镇党委政府。' : '将安排心理疏导、困难帮扶,必要时升级调解。')), note, h('div', { class: 'actions' }, yes, ' ', no));
  }
  applyLimits(box, ['riskReport']);
  return h('section', { class: 'card risk-signs' }, h('h2', null, '报告风险苗头'), h('div', { class: 'actions' }, buttons), box, result);
}

function dl(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(function (r) {
    return h('div', { class: 'row' + (r[2] ? ' long' : '') }, h('dt', null, r[0]), h('dd', null, r[1]));
  }));
}
