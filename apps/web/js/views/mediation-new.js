import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty } from '../api.js';
import { go } from '../router.js';
import { textField, textareaField, selectField, checkboxField, requiredText, textOf, FormError } from '../forms.js';
import { submitForm } from '../submit-form.js';
import { maxItemsOf } from '../schema-limits.js';
import { loadOrShowError } from '../page.js';
import { CATEGORY_LABELS } from '../mediation-forms.js';

/** Villages where the user may register a dispute; null means every village (the town office). */
export function disputeVillageIds(me) {
  const roles = (me && me.roles) || [];
  if (roles.some(function (r) { return r.role === 'TOWN_OFFICE'; })) return null;
  const ids = [];
  for (const r of roles) {
    if ((r.role === 'MEDIATOR' || r.role === 'SECRETARY') && r.villageId && ids.indexOf(r.villageId) < 0) ids.push(r.villageId);
  }
  return ids;
}

function partyRow(n) {
  return h('div', { class: 'party card', 'data-party': String(n) },
    textField({ name: 'partyName', schemaPath: 'parties[].name', label: '当事人' + n + ' 姓名' }),
    textField({ name: 'partyContact', schemaPath: 'parties[].contact', label: '联系方式(选填)', inputmode: 'tel' }));
}

export async function mediationNewView(el) {
  document.title = '登记矛盾纠纷 - 村居治理';
  mount(el, h('p', { class: 'loading' }, '加载中…'));
  const all = await loadOrShowError(el, { title: '登记矛盾纠纷', load: function () { return Promise.all([getMe(), getVillagesOrEmpty()]); } });
  if (!all) return;
  const me = all[0];
  const villages = all[1];
  const allowed = disputeVillageIds(me);
  const ids = allowed === null ? Array.from(villages.keys()) : allowed;
  if (!ids.length) {
    mount(el, h('h1', { tabindex: '-1' }, '登记矛盾纠纷'), notice('info', '只有治调委员、村党支部书记或镇综治办可以登记纠纷。'));
    return;
  }
  const parties = h('div', { class: 'parties', 'data-schema-path': 'parties' }, partyRow(1), partyRow(2));
  let count = 2;
  const addParty = h('button', {
    type: 'button', class: 'btn small',
    onclick: function () {
      count += 1;
      parties.appendChild(partyRow(count));
      addParty.hidden = count >= maxItemsOf(parties);
    },
  }, '+ 添加当事人');
  const form = h('form', { class: 'card dispute-form' },
    selectField({ name: 'villageId', label: '村', options: ids.map(function (id) { return { value: id, label: villages.get(id) || id }; }), value: ids.length === 1 ? ids[0] : undefined, placeholder: ids.length === 1 ? undefined : '请选择村' }),
    selectField({ name: 'category', label: '纠纷类型', placeholder: '请选择', options: Object.keys(CATEGORY_LABELS).map(function (k) { return { value: k, label: CATEGORY_LABELS[k] }; }) }),
    parties, addParty,
    textareaField({ name: 'summary', label: '纠纷简要情况', rows: 5 }),
    checkboxField({ name: 'major', label: '重大纠纷(法律顾问全程参与)' }));

  submitForm(form, {
    label: '登记',
    busyLabel: '正在登记…',
    shapes: ['disputeStart'],
    read,
    send: function (body) { return api.post('/api/disputes', body); },
    done: function (res) { go('/disputes/' + encodeURIComponent(res.caseId)); },
    errors: { 403: '您无权为该村登记纠纷' },
  });
  mount(el, h('h1', { tabindex: '-1' }, '登记矛盾纠纷'), h('p', { class: 'muted' }, '“3+2”调解:村级三级、镇级两级,逐级调处,限时办结。'), form);
}

function read(form) {
  const villageId = textOf(form, 'villageId');
  if (!villageId) throw new FormError('请选择村', 'villageId');
  const category = textOf(form, 'category');
  if (!category) throw new FormError('请选择纠纷类型', 'category');
  const parties = [];
  for (const row of form.querySelectorAll('.party')) {
    const name = row.querySelector('input[name="partyName"]').value.trim();
    const contact = row.querySelector('input[name="partyContact"]').value.trim();
    if (name) parties.push(contact ? { name, contact } : { name });
  }
  if (!parties.length) throw new FormError('请至少填写一位当事人姓名', 'partyName');
  const summary = requiredText(form, 'summary', '纠纷简要情况');
  const major = form.elements.namedItem('major').checked;
  return { villageId, category, parties, summary, major };
}
