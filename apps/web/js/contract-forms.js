// R11 合同审核: task forms of the contract review procedure.
import { h } from './dom.js';
import { registerTaskForm, choiceAndText, textareaField, checkboxField, control, requiredText, FormError } from './forms.js';

registerTaskForm('contract.review', choiceAndText('合同审核',
  { name: 'approve', label: '审核结论', missing: '请选择审核结论:通过 或 退回修改', options: [{ value: 'true', label: '通过', tone: 'yes' }, { value: 'false', label: '退回修改', tone: 'no' }] },
  { name: 'opinion', label: '审核意见', rows: 5, placeholder: '请写明审核意见;退回时写明需要修改的地方' }));

registerTaskForm('contract.revise', {
  label: '合同修改',
  render: function (payload) {
    return h('form', { novalidate: true },
      textareaField({ name: 'summary', label: '修改后的合同摘要', rows: 8, value: (payload && payload.summary) || '', hint: '请按审核意见修改后提交,将重新送法律顾问审核' }));
  },
  read: function (form) {
    return { summary: requiredText(form, 'summary', '修改后的合同摘要') };
  },
  describe: function (d) {
    return [['修改后的合同摘要', (d && d.summary) || '']];
  },
});

registerTaskForm('contract.sign', {
  label: '合同签订',
  render: function () {
    return h('form', { novalidate: true },
      h('p', { class: 'hint' }, '合同已经法律顾问审核通过。双方签字盖章后,勾选下面一项并提交。'),
      checkboxField({ name: 'signed', label: '已签订' }));
  },
  read: function (form) {
    const el = control(form, 'signed');
    if (!el || !el.checked) throw new FormError('请勾选“已签订”后再提交', 'signed');
    return { signed: true };
  },
  describe: function () {
    return [['签订情况', '已签订']];
  },
});
