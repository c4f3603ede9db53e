// R1–R5 红黑榜评选: task forms, labels and payload fields of the red/black list procedure.
import { h, uid } from './dom.js';
import { registerTaskForm, choiceAndText, oneText, radioField, textareaField, radioOf, requiredText, textOf, FormError } from './forms.js';
import { registerPayloadField, PROCEDURE_TYPES } from './format.js';

export const RED_CATEGORIES = [
  { value: 'filial_piety', label: '孝老爱亲典范' }, { value: 'harmonious_family', label: '平安和睦家庭' },
  { value: 'hardworking', label: '勤劳致富典型' }, { value: 'other', label: '其他' },
];
export const BLACK_CATEGORIES = [
  { value: 'neglect_elders', label: '不赡养老人' }, { value: 'gambling', label: '抹牌赌博' }, { value: 'idleness', label: '好吃懒做' },
  { value: 'extravagant_ceremony', label: '大操大办' }, { value: 'lavish_funeral', label: '厚葬薄养' }, { value: 'bad_speech', label: '散布不良言论' },
  { value: 'troublemaking', label: '惹是生非' }, { value: 'illegal_building', label: '乱搭乱建' }, { value: 'obstruct_relocation', label: '拒不配合征地搬迁' },
  { value: 'obstruct_public_works', label: '阻挠公益项目建设' }, { value: 'profit_by_trouble', label: '以闹取利' }, { value: 'other', label: '其他' },
];
export const COLOR_LABELS = { red: '红榜', black: '黑榜' };
export const CHOICE_LABELS = { agree: '同意', disagree: '不同意', abstain: '弃权' };
export const REDBLACK_STAGES = {
  nomination: '道德理事会提名中', discussion: '两委讨论中', voting: '村民代表大会投票中', quorum_failed: '投票未达法定人数',
  notice: '公示中', final: '已确定', no_list: '本季度无名单', abandoned: '已放弃',
};
export const FATE_LABELS = {
  nominated: '已提名', approved: '两委通过', rejected: '两委未通过', on_ballot: '投票中', passed: '投票通过',
  failed: '投票未通过', removed: '异议成立,已撤下', listed: '已上榜',
};

PROCEDURE_TYPES['red-black'] = { label: '红黑榜评选', stages: REDBLACK_STAGES };
PROCEDURE_TYPES['redblack-overdue'] = { label: '红黑榜逾期督办', stages: { review: '待督办', done: '已督办' } };

function categoriesOf(payload, color) {
  const list = payload && (color === 'red' ? payload.redCategories : payload.blackCategories);
  if (Array.isArray(list) && list.length) return list.map(function (c) { return { value: c.id, label: c.label }; });
  return color === 'red' ? RED_CATEGORIES : BLACK_CATEGORIES;
}
export function categoryLabel(color, id) {
  const found = (color === 'red' ? RED_CATEGORIES : BLACK_CATEGORIES).filter(function (c) { return c.value === id; })[0];
  return found ? found.label : id;
}
/** One line about a nominee: "红榜 · 孝老爱亲典范 · 贫困户". */
export function nomineeLine(n) {
  return [COLOR_LABELS[n.color] || n.color, n.categoryLabel || categoryLabel(n.color, n.category), n.poorHousehold ? '贫困户' : null].filter(Boolean).join(' · ');
}
export function nomineeBadges(n) {
  return [h('span', { class: 'badge rb-' + n.color }, COLOR_LABELS[n.color] || n.color), n.poorHousehold ? h('span', { class: 'badge rb-poor', 'data-poor': 'true' }, '贫困户优先') : null];
}
function nomineeText(n) {
  return n.name + '(' + nomineeLine(n) + ')';
}

registerPayloadField('year', '年度', function (y) { return y + '年'; });
registerPayloadField('quarter', '季度', function (q) { return '第' + q + '季度'; });
registerPayloadField('minRed', '红榜最少', function (n) { return n + '名'; });
registerPayloadField('minBlack', '黑榜最少', function (n) { return n + '名'; });
registerPayloadField('nominees', '被提名人', function (list) { return Array.isArray(list) ? list.map(function (n) { return nomineeText(n) + (n.fate ? ' — ' + (FATE_LABELS[n.fate] || n.fate) : ''); }).join('\n') : String(list); });
registerPayloadField('compliant', '是否达标(R1)', function (c) { return c ? '达标' : '不达标'; });
registerPayloadField('nonCompliantReasons', '不达标原因', function (l) { return Array.isArray(l) ? l.join(';') : String(l); });
registerPayloadField('shortfall', '提名不足');
registerPayloadField('ballot', '投票', function (b) { return b ? (b.status === 'open' ? '进行中,截止 ' + b.closesAt : b.result ? '已结束:' + b.result.voted + '/' + b.result.representatives + '名代表投票,' + (b.result.quorumMet ? '有效' : '未达法定人数') : '已结束') : ''; });
registerPayloadField('ballots', '投票轮次', function (l) { return Array.isArray(l) ? l.length + '轮' : ''; });
registerPayloadField('notice', '公示', function (n) { return n ? (n.status === 'open' ? '公示至 ' + n.endsAt : '公示已结束') : ''; });
registerPayloadField('overdue', '逾期', function (o) { return o ? '是' : '否'; });
registerPayloadField('nominee', '被提名人', function (n) { return n && n.name ? nomineeText(n) + (n.reason ? '\n理由:' + n.reason : '') : String(n); });
registerPayloadField('objection', '异议内容', function (o) { return o ? '提出人:' + o.name + '(' + o.contact + ')\n理由:' + o.reason : ''; });
registerPayloadField('villages', '未完成的村', function (list) { return Array.isArray(list) ? list.map(function (v) { return v.villageId + (v.stage ? '(' + (REDBLACK_STAGES[v.stage] || v.stage) + ')' : '(未发起)'); }).join('、') : String(list); });
registerPayloadField('redCategories', '红榜类别', function (l) { return Array.isArray(l) ? l.map(function (c) { return c.label; }).join('、') : ''; });
registerPayloadField('blackCategories', '黑榜类别', function (l) { return Array.isArray(l) ? l.map(function (c) { return c.label; }).join('、') : ''; });
registerPayloadField('voted', '已投票人数');
registerPayloadField('representatives', '代表人数');

// ---- nomination: rows added one by one ----

function nomineeRow(payload, index) {
  const row = h('fieldset', { class: 'card nominee-row', 'data-nominee-row': String(index) });
  const legend = h('legend', null, '被提名人 ' + index);
  const name = h('input', { type: 'text', name: 'nominee-name', 'data-schema-path': 'nominees[].name', autocomplete: 'off', 'aria-label': '姓名', placeholder: '姓名' });
  const color = h('select', { name: 'nominee-color', 'aria-label': '红榜或黑榜' }, h('option', { value: 'red' }, '红榜'), h('option', { value: 'black' }, '黑榜'));
  const category = h('select', { name: 'nominee-category', 'aria-label': '类别' });
  const fillCategories = function () {
    category.textContent = '';
    category.appendChild(h('option', { value: '' }, '请选择类别'));
    for (const c of categoriesOf(payload, color.value)) category.appendChild(h('option', { value: c.value }, c.label));
  };
  fillCategories();
  const poorId = uid('poor');
  const poor = h('input', { type: 'checkbox', id: poorId, name: 'nominee-poor', value: 'true' });
  const poorBox = h('label', { class: 'choice', for: poorId }, poor, h('span', null, '贫困户(红榜优先)'));
  color.addEventListener('change', function () {
    fillCategories();
    poorBox.hidden = color.value !== 'red';
    if (color.value !== 'red') poor.checked = false;
  });
  const reason = h('textarea', { name: 'nominee-reason', 'data-schema-path': 'nominees[].reason', rows: 2, 'aria-label': '推荐理由', placeholder: '推荐理由;类别选“其他”时写明具体情形' });
  const remove = h('button', { type: 'button', class: 'btn small', 'data-remove-row': 'true', onclick: function () { row.remove(); } }, '删除此人');
  row.append(legend,
    h('div', { class: 'field' }, h('label', null, '姓名'), name),
    h('div', { class: 'field' }, h('label', null, '榜别'), color),
    h('div', { class: 'field' }, h('label', null, '类别'), category),
    h('div', { class: 'field choices' }, poorBox),
    h('div', { class: 'field' }, h('label', null, '推荐理由'), reason),
    remove);
  return row;
}

registerTaskForm('redblack.nominate', {
  label: '红黑榜提名',
  shape: 'nomination',
  render: function (payload) {
    const rows = h('div', { class: 'nominee-rows' });
    let count = 0;
    const add = function () { count += 1; const r = nomineeRow(payload, count); rows.appendChild(r); return r; };
    add();
    return h('form', { novalidate: true },
      h('p', { class: 'hint' }, '红榜至少' + ((payload && payload.minRed) || 3) + '名、黑榜至少' + ((payload && payload.minBlack) || 3) + '名;不足时须在下面说明原因。贫困户在红榜中优先。'),
      rows,
      h('p', null, h('button', { type: 'button', class: 'btn block', 'data-add-row': 'true', onclick: function () { const r = add(); r.querySelector('input').focus(); } }, '+ 添加一人')),
      textareaField({ name: 'shortfallReason', label: '人数不足的原因(人数够时不填)', rows: 2 }));
  },
  read: function (form) {
    const nominees = [];
    const rows = form.querySelectorAll('.nominee-row');
    rows.forEach(function (row, i) {
      const name = row.querySelector('[name="nominee-name"]').value.trim();
      const color = row.querySelector('[name="nominee-color"]').value;
      const category = row.querySelector('[name="nominee-category"]').value;
      const reason = row.querySelector('[name="nominee-reason"]').value.trim();
      const poor = row.querySelector('[name="nominee-poor"]').checked;
      if (!name && !category && !reason) return; // an empty row is skipped
      const where = '第' + (i + 1) + '位被提名人';
      if (!name) throw new FormError('请填写' + where + '的姓名');
      if (!category) throw new FormError('请选择' + where + '的类别');
      if (!reason) throw new FormError('请填写' + where + '的推荐理由');
      if (category === 'other' && reason.length < 4) throw new FormError(where + '类别为“其他”,请在理由中写明具体情形');
      const n = { name, color, category, reason };
      if (color === 'red' && poor) n.poorHousehold = true;
      nominees.push(n);
    });
    const d = { nominees };
    const shortfall = textOf(form, 'shortfallReason');
    if (shortfall) d.shortfallReason = shortfall;
    if (!nominees.length && !shortfall) throw new FormError('请至少提名一人,或说明本季度无人可提名的原因', 'shortfallReason');
    return d;
  },
  describe: function (d) {
    const rows = ((d && d.nominees) || []).map(function (n, i) { return ['被提名人' + (i + 1), n.name + '(' + (COLOR_LABELS[n.color] || n.color) + ' · ' + categoryLabel(n.color, n.category) + (n.poorHousehold ? ' · 贫困户' : '') + '):' + n.reason]; });
    if (d && d.shortfallReason) rows.push(['人数不足原因', d.shortfallReason]);
    return rows;
  },
});

registerTaskForm('redblack.discuss', {
  label: '红黑榜两委讨论',
  render: function (payload) {
    const list = (payload && payload.nominees) || [];
    return h('form', { novalidate: true },
      list.map(function (n) {
        return h('section', { class: 'card', 'data-nominee': n.nomineeId },
          h('h3', null, n.name, ' ', nomineeBadges(n)),
          h('p', { class: 'hint' }, nomineeLine(n), n.reason ? ':' + n.reason : ''),
          radioField({ name: 'approve-' + n.nomineeId, label: '两委意见', options: [{ value: 'true', label: '同意', tone: 'yes' }, { value: 'false', label: '不同意', tone: 'no' }] }),
          h('div', { class: 'field' }, h('input', { type: 'text', name: 'reason-' + n.nomineeId, 'data-schema-path': 'decisions[].reason', 'aria-label': n.name + ' 的理由', placeholder: '理由(选填)' })));
      }),
      textareaField({ name: 'minutes', label: '会议纪要', rows: 4 }));
  },
  read: function (form) {
    const decisions = [];
    for (const section of form.querySelectorAll('[data-nominee]')) {
      const id = section.getAttribute('data-nominee');
      const v = radioOf(form, 'approve-' + id);
      if (v === null) throw new FormError('请对每位被提名人表明同意或不同意', 'approve-' + id);
      const d = { nomineeId: id, approve: v === 'true' };
      const reason = textOf(form, 'reason-' + id);
      if (reason) d.reason = reason;
      decisions.push(d);
    }
    return { decisions, minutes: requiredText(form, 'minutes', '会议纪要') };
  },
  describe: function (d) {
    const rows = ((d && d.decisions) || []).map(function (x) { return [x.nomineeId, (x.approve ? '同意' : '不同意') + (x.reason ? ':' + x.reason : '')]; });
    rows.push(['会议纪要', (d && d.minutes) || '']);
    return rows;
  },
});

registerTaskForm('redblack.quorum_failed', choiceAndText('红黑榜投票未达法定人数',
  { name: 'action', label: '处理方式', missing: '请选择处理方式', options: [{ value: 'revote', label: '重新投票', tone: 'yes' }, { value: 'abandon', label: '放弃本季度投票', said: '放弃', tone: 'no' }] },
  { name: 'reason', label: '理由', rows: 3 }));

registerTaskForm('redblack.objection', choiceAndText('红黑榜公示异议',
  { name: 'uphold', label: '复核结论', missing: '请选择复核结论', options: [{ value: 'true', label: '异议成立,撤下此人', said: '异议成立,已撤下', tone: 'no' }, { value: 'false', label: '异议不成立,维持', said: '异议不成立', tone: 'yes' }] },
  { name: 'reason', label: '复核理由', rows: 3 }));

registerTaskForm('redblack.black_followup', oneText('黑榜处置', { name: 'handling', label: '按村规民约的处理情况', said: '处理情况', rows: 4 }));
registerTaskForm('redblack.overdue_review', oneText('红黑榜逾期督办', { name: 'note', label: '督办意见', rows: 3 }));

/** Who sees the 投票 page: representatives. */
export function seesBallots(me) {
  return !!(me && me.roles && me.roles.some(function (r) { return r.role === 'REPRESENTATIVE'; }));
}
/** Who sees the town view of every village's quarter: `GET /api/red-black/quarter-status` in the access table. */
export function seesRedBlackTown(me) {
  return !!(me && me.roles && me.roles.some(function (r) { return r.role === 'TOWN_OFFICE' || r.role === 'TOWN_LEADERSHIP'; }));
}
export function ballotHref(id) { return '#/ballots/' + encodeURIComponent(id); }
export function noticeHref(id) { return '#/notices/' + encodeURIComponent(id); }
