import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty, errorMessage } from '../api.js';
import { go } from '../router.js';
import { textField, textareaField, selectField, checkboxField, requiredText, textOf, FormError, showFieldError, clearFieldErrors } from '../forms.js';
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
    textField({ name: 'partyName', label: '当事人' + n + ' 姓名', maxlength: 64 }),
    textField({ name: 'partyContact', label: '联系方式(选填)', maxlength: 64, inputmode: 'tel' }));
}

export async function mediationNewView(el) {
  document.title = '登记矛盾纠纷 - 村居治理';
  mount(el, h('p', { class: 'loading' }, '加载中…'));
  let me, villages;
  try {
    const all = await Promise.all([getMe(), getVillagesOrEmpty()]);
    me = all[0]; villages = all[1];
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '登记矛盾纠纷'), notice('error', errorMessage(err)));
    return;
  }
  const allowed = disputeVillageIds(me);
  const ids = allowed === null ? Array.from(villages.keys()) : allowed;
  if (!ids.length) {
    mount(el, h('h1', { tabindex: '-1' }, '登记矛盾纠纷'), notice('info', '只有治调委员、村党支部书记或镇综治办可以登记纠纷。'));
    return;
  }
  const parties = h('div', { class: 'parties' }, partyRow(1), partyRow(2));
  let count = 2;
  const addParty = h('button', { type: 'button', class: 'btn small', onclick: function () { count += 1; parties.appendChild(partyRow(count)); } }, '+ 添加当事人');
  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'btn primary block' }, '登记');
  const form = h('form', { class: 'card dispute-form', novalidate: true },
    selectField({ name: 'villageId', label: '村', options: ids.map(function (id) { return { value: id, label: villages.get(id) || id }; }), value: ids.length === 1 ? ids[0] : undefined, placeholder: ids.length === 1 ? undefined : '请选择村' }),
    selectField({ name: 'category', label: '纠纷类型', placeholder: '请选择', options: Object.keys(CATEGORY_LABELS).map(function (k) { return { value: k, label: CATEGORY_LABELS[k] }; }) }),
    parties, addParty,
    textareaField({ name: 'summary', label: '纠纷简要情况', rows: 5, maxlength: 10000 }),
    checkboxField({ name: 'major', label: '重大纠纷(法律顾问全程参与)' }),
    error, button);

  let busy = false;
  form.addEventListener('submit', async function (e) {
    e.preventDefault();
    if (busy) return;
    mount(error);
    clearFieldErrors(form);
    let body;
    try {
      body = read(form);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      mount(error, notice('error', err.message));
      showFieldError(form, err);
      return;
    }
    busy = true;
    button.disabled = true;
    button.textContent = '正在登记…';
    try {
      const res = await api.post('/api/disputes', body);
      go('/disputes/' + encodeURIComponent(res.caseId));
    } catch (err) {
      if (err && err.handled) return;
      mount(error, notice('error', errorMessage(err, { 403: '您无权为该村登记纠纷' })));
    } finally {
      busy = false;
      button.disabled = false;
      button.textContent = '登记';
    }
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
  const summary = requiredText(form, 'summary', '纠纷简要情况', 10000);
  const major = form.elements.namedItem('major').checked;
  return { villageId, category, parties, summary, major };
}
