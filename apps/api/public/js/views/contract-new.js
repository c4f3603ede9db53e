import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty, errorMessage } from '../api.js';
import { go, procedureHref } from '../router.js';
import { parseYuan, formatYuan } from '../format.js';
import { textField, textareaField, selectField, requiredText, textOf, FormError, showFieldError, clearFieldErrors } from '../forms.js';

export const CONTRACT_SUBMITTER_ROLES = ['SECRETARY', 'MEDIATOR'];

/** The villages in which the user may submit a contract for review. */
export function contractVillageIds(me) {
  const ids = [];
  for (const r of (me && me.roles) || []) {
    if (CONTRACT_SUBMITTER_ROLES.indexOf(r.role) >= 0 && r.villageId && ids.indexOf(r.villageId) < 0) ids.push(r.villageId);
  }
  return ids;
}

export async function contractNewView(el) {
  document.title = '提交合同审核 - 村居治理';
  mount(el, h('p', { class: 'loading' }, '加载中…'));
  let me, villages;
  try {
    const all = await Promise.all([getMe(), getVillagesOrEmpty()]);
    me = all[0]; villages = all[1];
  } catch (err) {
    if (err && err.handled) return;
    mount(el, h('h1', { tabindex: '-1' }, '提交合同审核'), notice('error', errorMessage(err)),
      h('button', { type: 'button', class: 'btn', onclick: function () { contractNewView(el); } }, '重新加载'));
    return;
  }
  const ids = contractVillageIds(me);
  if (!ids.length) {
    mount(el, h('h1', { tabindex: '-1' }, '提交合同审核'), notice('info', '只有村党支部书记或治调委员可以提交合同审核。'));
    return;
  }

  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'btn primary block' }, '提交');
  const amountPreview = h('p', { class: 'hint', 'aria-live': 'polite' });
  const options = ids.map(function (id) { return { value: id, label: villages.get(id) || id }; });
  const amount = textField({ name: 'amount', label: '金额(元)', inputmode: 'decimal', placeholder: '例如 12000 或 12000.50', hint: '单位是元,最多两位小数' });
  amount.appendChild(amountPreview);

  const form = h('form', { class: 'card', novalidate: true },
    selectField({ name: 'villageId', label: '村', options, value: ids.length === 1 ? ids[0] : undefined, placeholder: ids.length === 1 ? undefined : '请选择村' }),
    textField({ name: 'title', label: '合同名称', maxlength: 200 }),
    textField({ name: 'counterparty', label: '对方单位', maxlength: 200 }),
    amount,
    textareaField({ name: 'summary', label: '合同摘要', rows: 6, maxlength: 10000, hint: '写明合同的主要内容:事项、期限、付款方式等' }),
    error,
    button);

  form.elements.amount.addEventListener('input', function () {
    const v = form.elements.amount.value;
    const fen = parseYuan(v);
    amountPreview.textContent = v.trim() === '' ? '' : fen === null ? '请填写数字,最多两位小数' : '即 ' + formatYuan(fen);
  });

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
    button.textContent = '正在提交…';
    try {
      const res = await api.post('/api/procedures/contract-review', body);
      if (!res || !res.procedureId) throw new Error('no procedureId');
      go(procedureHref(res.procedureId).slice(1));
    } catch (err) {
      if (err && err.handled) return;
      mount(error, notice('error', errorMessage(err, { 403: '您无权为该村提交合同审核' })));
      error.scrollIntoView({ block: 'nearest' });
    } finally {
      busy = false;
      button.disabled = false;
      button.textContent = '提交';
    }
  });

  mount(el,
    h('h1', { tabindex: '-1' }, '提交合同审核'),
    h('p', { class: 'muted' }, '村级合同、协议签订前须经法律顾问审核。'),
    form);
}

function read(form) {
  const villageId = textOf(form, 'villageId');
  if (!villageId) throw new FormError('请选择村', 'villageId');
  const title = requiredText(form, 'title', '合同名称', 200);
  const counterparty = requiredText(form, 'counterparty', '对方单位', 200);
  const amountText = textOf(form, 'amount');
  if (!amountText) throw new FormError('请填写金额', 'amount');
  const amountFen = parseYuan(amountText);
  if (amountFen === null) throw new FormError('金额请填写数字(单位:元),最多两位小数', 'amount');
  const summary = requiredText(form, 'summary', '合同摘要', 10000);
  return { villageId, title, counterparty, amountFen, summary };
}
