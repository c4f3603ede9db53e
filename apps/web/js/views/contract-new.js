import { h, mount, notice } from '../dom.js';
import { api, getMe, getVillagesOrEmpty } from '../api.js';
import { go, procedureHref } from '../router.js';
import { parseYuan, formatYuan } from '../format.js';
import { textField, textareaField, selectField, requiredText, textOf, FormError } from '../forms.js';
import { submitForm } from '../submit-form.js';
import { loadOrShowError } from '../page.js';

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
  const all = await loadOrShowError(el, {
    title: '提交合同审核',
    load: function () { return Promise.all([getMe(), getVillagesOrEmpty()]); },
    retry: function () { contractNewView(el); },
  });
  if (!all) return;
  const me = all[0];
  const villages = all[1];
  const ids = contractVillageIds(me);
  if (!ids.length) {
    mount(el, h('h1', { tabindex: '-1' }, '提交合同审核'), notice('info', '只有村党支部书记或治调委员可以提交合同审核。'));
    return;
  }

  const amountPreview = h('p', { class: 'hint', 'aria-live': 'polite' });
  const options = ids.map(function (id) { return { value: id, label: villages.get(id) || id }; });
  const amount = textField({ name: 'amount', label: '金额(元)', inputmode: 'decimal', placeholder: '例如 12000 或 12000.50', hint: '单位是元,最多两位小数' });
  amount.appendChild(amountPreview);

  const form = h('form', { class: 'card' },
    selectField({ name: 'villageId', label: '村', options, value: ids.length === 1 ? ids[0] : undefined, placeholder: ids.length === 1 ? undefined : '请选择村' }),
    textField({ name: 'title', label: '合同名称' }),
    textField({ name: 'counterparty', label: '对方单位' }),
    amount,
    textareaField({ name: 'summary', label: '合同摘要', rows: 6, hint: '写明合同的主要内容:事项、期限、付款方式等' }));

  form.elements.amount.addEventListener('input', function () {
    const v = form.elements.amount.value;
    const fen = parseYuan(v);
    amountPreview.textContent = v.trim() === '' ? '' : fen === null ? '请填写数字,最多两位小数' : '即 ' + formatYuan(fen);
  });

  submitForm(form, {
    label: '提交',
    shapes: ['contractStart'],
    read,
    send: function (body) { return api.post('/api/procedures/contract-review', body); },
    done: function (res) {
      if (!res || !res.procedureId) throw new Error('no procedureId');
      go(procedureHref(res.procedureId).slice(1));
    },
    errors: { 403: '您无权为该村提交合同审核' },
  });

  mount(el,
    h('h1', { tabindex: '-1' }, '提交合同审核'),
    h('p', { class: 'muted' }, '村级合同、协议签订前须经法律顾问审核。'),
    form);
}

function read(form) {
  const villageId = textOf(form, 'villageId');
  if (!villageId) throw new FormError('请选择村', 'villageId');
  const title = requiredText(form, 'title', '合同名称');
  const counterparty = requiredText(form, 'counterparty', '对方单位');
  const amountText = textOf(form, 'amount');
  if (!amountText) throw new FormError('请填写金额', 'amount');
  const amountFen = parseYuan(amountText);
  if (amountFen === null) throw new FormError('金额请填写数字(单位:元),最多两位小数', 'amount');
  const summary = requiredText(form, 'summary', '合同摘要');
  return { villageId, title, counterparty, amountFen, summary };
}
