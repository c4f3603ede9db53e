// R10 矛盾纠纷调解: task forms, labels and payload fields of the mediation procedure.
import { h } from './dom.js';
import { registerTaskForm, choiceAndText, radioField, textareaField, textField, checkboxField, radioOf, requiredText, textOf, FormError } from './forms.js';
import { registerPayloadField, formatDateTime } from './format.js';

export const CATEGORY_LABELS = {
  family: '家庭纠纷', neighbour: '邻里纠纷', land: '土地纠纷', marriage: '婚姻纠纷',
  debt: '债务纠纷', labour: '劳动纠纷', land_acquisition: '征地拆迁纠纷', other: '其他纠纷',
};
export const RISK_LABELS = {
  skip_level_petition: '越级访苗头', group_petition: '群体访苗头', threat_of_revenge: '扬言报复', extreme_distress: '情绪极端',
};
export const DISPUTE_STATUS_LABELS = { open: '调解中', awaiting_followup: '待回访', closed: '已结案', referred_to_litigation: '已引导诉讼' };
export const OUTCOME_LABELS = { resolved: '调解成功', failed: '调解不成', continue: '继续调解' };

registerPayloadField('category', '纠纷类型', function (c) { return CATEGORY_LABELS[c] || c; });
registerPayloadField('parties', '当事人', function (ps) {
  return Array.isArray(ps) ? ps.map(function (p) { return p.name + (p.contact ? '(' + p.contact + ')' : ''); }).join('、') : String(ps);
});
registerPayloadField('tier', '调解层级', function (n) { return '第' + n + '级'; });
registerPayloadField('tierName', '调解组织');
registerPayloadField('level', '级别', function (l) { return l === 'town' ? '镇级' : '村级'; });
registerPayloadField('session', '调解次数', function (n) { return '本级第' + n + '次'; });
registerPayloadField('tierDueAt', '本级调解期限', formatDateTime);
registerPayloadField('major', '重大纠纷', function (b) { return b ? '是(法律顾问参与)' : '否'; });
registerPayloadField('flag', '风险苗头', function (f) { return RISK_LABELS[f] || f; });
registerPayloadField('note', '情况说明');
registerPayloadField('agreement', '调解协议');
registerPayloadField('caseId', '案件编号');

registerTaskForm('mediation.session', {
  label: '纠纷调解',
  render: function () {
    return h('form', { novalidate: true },
      radioField({
        name: 'outcome', label: '本次调解结果',
        options: [
          { value: 'resolved', label: '调解成功,达成协议', tone: 'yes' },
          { value: 'continue', label: '继续调解(本级期限内再约)' },
          { value: 'failed', label: '调解不成,升级上一级', tone: 'no' },
        ],
      }),
      textareaField({ name: 'agreement', label: '调解协议内容(调解成功时必填)', rows: 4 }),
      textareaField({ name: 'notes', label: '调解情况', rows: 4, placeholder: '写明调解经过、双方意见' }));
  },
  read: function (form) {
    const outcome = radioOf(form, 'outcome');
    if (!outcome) throw new FormError('请选择本次调解结果', 'outcome');
    const d = { outcome: outcome };
    if (outcome === 'resolved') d.agreement = requiredText(form, 'agreement', '调解协议内容');
    else if (textOf(form, 'agreement')) d.agreement = requiredText(form, 'agreement', '调解协议内容');
    d.notes = requiredText(form, 'notes', '调解情况');
    return d;
  },
  describe: function (d) {
    const rows = [['调解结果', OUTCOME_LABELS[d && d.outcome] || (d && d.outcome) || '']];
    if (d && d.agreement) rows.push(['调解协议', d.agreement]);
    rows.push(['调解情况', (d && d.notes) || '']);
    return rows;
  },
});

registerTaskForm('mediation.counselling', {
  label: '心理疏导',
  render: function () {
    return h('form', { novalidate: true },
      textareaField({ name: 'actions', label: '心理疏导、困难帮扶措施', rows: 5 }),
      checkboxField({ name: 'followUpNeeded', label: '需要继续跟进' }));
  },
  read: function (form) {
    const el = form.elements.namedItem('followUpNeeded');
    return { actions: requiredText(form, 'actions', '疏导帮扶措施'), followUpNeeded: !!(el && el.checked) };
  },
  describe: function (d) {
    return [['疏导帮扶措施', (d && d.actions) || ''], ['继续跟进', d && d.followUpNeeded ? '是' : '否']];
  },
});

registerTaskForm('mediation.litigation_guidance', {
  label: '引导诉讼',
  render: function () {
    return h('form', { novalidate: true },
      textareaField({ name: 'notes', label: '引导诉讼情况', rows: 5, placeholder: '告知当事人诉讼途径、所需材料等' }),
      textField({ name: 'court', label: '受理法院(选填)' }));
  },
  read: function (form) {
    const d = { notes: requiredText(form, 'notes', '引导诉讼情况') };
    const court = textOf(form, 'court');
    if (court) d.court = requiredText(form, 'court', '受理法院');
    return d;
  },
  describe: function (d) {
    const rows = [['引导诉讼情况', (d && d.notes) || '']];
    if (d && d.court) rows.push(['受理法院', d.court]);
    return rows;
  },
});

registerTaskForm('mediation.followup', choiceAndText('回访',
  { name: 'kept', label: '调解协议履行情况', said: '履行情况', missing: '请选择协议履行情况', options: [{ value: 'true', label: '已履行,结案', said: '已履行', tone: 'yes' }, { value: 'false', label: '未履行,重新调解', said: '未履行', tone: 'no' }] },
  { name: 'notes', label: '回访情况', rows: 4 }));

export function disputeHref(caseId) { return '#/disputes/' + encodeURIComponent(caseId); }

// As `GET /api/disputes` in the access table (README, "Who may read or do what").
const DISPUTE_READER_ROLES = ['SECRETARY', 'MEDIATOR', 'LEGAL_ADVISER', 'TOWN_OFFICE', 'TOWN_MEDIATION'];
/** Whether the user sees any disputes (the village's mediating cadres, the town office and mediation). */
export function seesDisputes(me) {
  return ((me && me.roles) || []).some(function (r) { return DISPUTE_READER_ROLES.indexOf(r.role) >= 0; });
}
