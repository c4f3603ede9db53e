import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty, errorMessage } from '../api.js';
import { formatDateTime, relativeDue, villageName } from '../format.js';
import { CATEGORY_LABELS, DISPUTE_STATUS_LABELS, disputeHref } from '../mediation-forms.js';
import { disputeVillageIds } from './mediation-new.js';

/** The board of cases in the caller's scope: open ones by tier, overdue first in each tier. */
export async function mediationBoardView(el, params, query) {
  document.title = '纠纷案件 - 村居治理';
  const status = query.get('status') || 'open';
  mount(el, h('h1', { tabindex: '-1' }, '纠纷案件'), h('p', { class: 'loading' }, '加载中…'));
  let list, villages, me;
  try {
    const all = await Promise.all([api.get('/api/disputes', { status, pageSize: 200 }), getVillagesOrEmpty(), getMe()]);
    list = all[0]; villages = all[1]; me = all[2];
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '纠纷案件'), notice('error', errorMessage(err, { 403: '您无权查看纠纷案件' })));
    return;
  }
  if (!el.isConnected) return;
  const items = list.items || [];
  const byTier = new Map();
  for (const c of items) {
    if (!byTier.has(c.tier)) byTier.set(c.tier, []);
    byTier.get(c.tier).push(c);
  }
  const tiers = Array.from(byTier.keys()).sort(function (a, b) { return b - a; });
  const canRegister = (function () { const ids = disputeVillageIds(me); return ids === null || ids.length > 0; })();
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, Object.keys(DISPUTE_STATUS_LABELS).map(function (s) {
    return h('a', { class: 'tab', role: 'tab', href: '#/disputes?status=' + s, 'aria-selected': s === status ? 'true' : 'false', 'data-tab': s }, DISPUTE_STATUS_LABELS[s]);
  }));
  mount(el,
    h('h1', { tabindex: '-1' }, '纠纷案件'),
    canRegister ? h('p', null, h('a', { class: 'btn primary block', href: '#/disputes/new' }, '登记矛盾纠纷')) : null,
    tabs,
    items.length ? null : h('p', { class: 'muted', 'data-empty': 'true' }, '暂无案件'),
    tiers.map(function (tier) {
      const cases = byTier.get(tier).slice().sort(function (a, b) {
        if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
        return (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity);
      });
      return h('section', { class: 'card', 'data-board-tier': String(tier) },
        h('h2', null, '第' + tier + '级' + (cases[0].tierName ? ' ' + cases[0].tierName : '') + '(' + cases.length + ')'),
        h('ul', { class: 'mini-tasks' }, cases.map(function (c) {
          return h('li', { 'data-case-id': c.caseId, class: c.overdue ? 'overdue' : null },
            h('a', { href: disputeHref(c.caseId) },
              h('span', { class: 'mini-title' }, c.title || CATEGORY_LABELS[c.category] || c.category),
              h('span', { class: 'mini-meta' }, villageName(villages, c.villageId), ' · ',
                c.overdue ? h('span', { class: 'badge overdue' }, '已逾期') : c.dueAt ? '期限 ' + formatDateTime(c.dueAt) + '(' + relativeDue(c.dueAt) + ')' : DISPUTE_STATUS_LABELS[c.status])));
        })));
    }));
}
