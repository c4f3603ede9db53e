// R6–R8 考核与奖励: task forms, labels and payload fields of the assessment and reward procedures.
import { h } from './dom.js';
import { registerTaskForm, radioField, textareaField, textField, radioOf, requiredText, optionalText, textOf, FormError } from './forms.js';
import { registerPayloadField, PAYLOAD_FIELDS, PROCEDURE_TYPES, formatFen, parseYuan, roleLabel } from './format.js';

// Styles of these forms and of the town dashboard, in their own file.
if (!document.querySelector('link[data-assessment-css]')) {
  document.head.appendChild(h('link', { rel: 'stylesheet', href: './assessment.css', 'data-assessment-css': '' }));
}

export const PERIOD_LABELS = { Q1: '第一季度', Q2: '第二季度', Q3: '第三季度', Q4: '第四季度', Y: '年终' };
export const PLAN_STAGE_LABELS = { drafting: '书记拟定中', in_review: '镇审批中', approved: '已批准待发放', paid: '已发放' };
const TIER_NAMES = ['', '一档', '二档', '三档', '四档', '五档', '六档', '七档', '八档'];
export function tierName(n) { return n ? TIER_NAMES[n] || '第' + n + '档' : ''; }

PROCEDURE_TYPES['assessment'] = {
  label: '考核',
  stages: { scoring: '评分中', waiting_quarters: '等待季度考核', confirming: '待镇确认排名', correcting: '分数更正中', confirmed: '排名已确认', done: '已完成' },
};
PROCEDURE_TYPES['reward-plan'] = { label: '村干部奖励分配', stages: PLAN_STAGE_LABELS };

/** Registers a payload field unless another procedure already has that key. */
function field(key, label, format) {
  if (!PAYLOAD_FIELDS.some(function (f) { return f[0] === key; })) registerPayloadField(key, label, format);
}
const yuan = function (fen) { return formatFen(fen) + ' 元'; };
field('year', '年度', function (y) { return y + '年'; });
field('quarter', '季度', function (q) { return '第' + q + '季度'; });
field('period', '考核期', function (p) { return PERIOD_LABELS[p] || p; });
field('villageName', '村(居)');
field('rank', '排名', function (n) { return '第' + n + '名'; });
field('rewardTier', '奖励档次', tierName);
field('poolFen', '村干部奖励总额', yuan);
field('villageAwardFen', '村集体奖励', yuan);
field('totalFen', '合计发放', yuan);
field('villages', '考核对象', function (v) { return Array.isArray(v) ? '共 ' + v.length + ' 个村(居),见下方表格' : ''; });
field('ranking', '排名', function (v) { return Array.isArray(v) ? '共 ' + v.length + ' 个村(居),见下方表格' : ''; });
field('cadres', '村干部', function (v) { return Array.isArray(v) ? v.map(function (c) { return c.name; }).join('、') : ''; });
field('rounds', '此前各轮', function (v) { return Array.isArray(v) ? (v.length ? '共 ' + v.length + ' 轮,见下方' : '无') : ''; });
field('allocations', '分配方案', function (v) { return Array.isArray(v) ? v.map(function (a) { return (a.name || a.userId) + ' ' + formatFen(a.amountFen) + ' 元'; }).join(';') : ''; });
field('draftedBy', '拟定人');
field('minRed', '红榜最少人数');
field('minBlack', '黑榜最少人数');

// ---- helpers ----

/** "85.5" (half- or full-width) → 85.5, or null unless 0–100 with at most one decimal. */
export function parseScore(text) {
  let s = String(text || '').trim();
  s = s.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); }).replace(/[．。]/g, '.');
  if (!/^\d{1,3}(\.\d)?$/.test(s)) return null;
  const tenths = Number(s.replace('.', '')) * (s.indexOf('.') >= 0 ? 1 : 10);
  if (tenths > 1000) return null;
  return tenths / 10;
}

function indicatorText(v) {
  const parts = [];
  if (v.overdueTasks !== undefined) parts.push('逾期待办 ' + v.overdueTasks);
  if (v.redEntries !== undefined) parts.push('红榜 ' + v.redEntries + ' / 黑榜 ' + v.blackEntries + (v.redBlackCompliant === false ? '(未达标)' : v.redBlackCompliant ? '(达标)' : ''));
  if (v.disputesRegistered !== undefined) parts.push('纠纷 ' + v.disputesRegistered + ',村级化解 ' + v.resolvedAtVillage + ',上交镇 ' + v.escalatedToTown + ',越级访 ' + v.skipLevelPetitions);
  return parts.join(' · ');
}

/** The ranking as a table: rank, village, total, tier, village award, cadre pool. */
export function rankingTable(rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-ranking': '' },
    h('thead', null, h('tr', null, h('th', null, '排名'), h('th', null, '村(居)'), h('th', null, '综合得分'), h('th', null, '档次'), h('th', null, '村集体奖励(元)'), h('th', null, '干部奖励(元)'))),
    h('tbody', null, rows.map(function (r) {
      return h('tr', { 'data-village': r.villageId },
        h('td', null, r.rank == null ? '—' : String(r.rank)),
        h('td', null, r.name || r.villageId, r.missingQuarters && r.missingQuarters.length ? h('span', { class: 'flag' }, ' 缺第' + r.missingQuarters.join('、') + '季度') : null),
        h('td', { class: 'num' }, r.total),
        h('td', null, tierName(r.tier)),
        h('td', { class: 'num' }, r.villageAwardFen == null ? '—' : formatFen(r.villageAwardFen)),
        h('td', { class: 'num' }, r.cadrePoolFen == null ? '—' : formatFen(r.cadrePoolFen)));
    }))));
}

function allocationTable(allocations) {
  return h('table', { class: 'data' },
    h('thead', null, h('tr', null, h('th', null, '姓名'), h('th', null, '职务'), h('th', null, '金额(元)'))),
    h('tbody', null, (allocations || []).map(function (a) {
      return h('tr', null, h('td', null, a.name || a.userId), h('td', null, a.duty || ''), h('td', { class: 'num' }, formatFen(a.amountFen)));
    })));
}

/** The earlier rounds of a split with the leadership's comments. */
export function roundsSection(rounds) {
  if (!Array.isArray(rounds) || !rounds.length) return null;
  return h('section', { class: 'rounds', 'data-rounds': String(rounds.length) },
    h('h3', null, '此前各轮及镇审批意见'),
    rounds.map(function (r) {
      return h('div', { class: 'round', 'data-round': String(r.round) },
        h('p', { class: 'round-head' }, '第' + r.round + '轮:' + (r.approve ? '批准' : '退回'), r.comment ? h('span', { class: 'round-comment' }, '意见:' + r.comment) : null),
        allocationTable(r.allocations),
        r.note ? h('p', { class: 'muted' }, '说明:' + r.note) : null);
    }));
}

function approvalForm(children, yesLabel, noLabel) {
  return h('form', { novalidate: true }, children,
    radioField({ name: 'approve', label: '结论', options: [{ value: 'true', label: yesLabel, tone: 'yes' }, { value: 'false', label: noLabel, tone: 'no' }] }),
    textareaField({ name: 'opinion', schemaPath: 'comment', label: '意见', rows: 3, placeholder: '退回时请写明原因' }));
}
function readApproval(form) {
  const approve = radioOf(form, 'approve');
  if (approve === null) throw new FormError('请选择结论', 'approve');
  const comment = optionalText(form, 'opinion', '意见');
  if (approve === 'false' && !comment) throw new FormError('退回时请填写意见', 'opinion');
  return { approve: approve === 'true', comment };
}
function describeApproval(yes, no) {
  return function (d) { return [['结论', d && d.approve ? yes : no], ['意见', (d && d.comment) || '']]; };
}

// ---- score entry (R6) ----

function scoreForm(payload) {
  const villages = Array.isArray(payload.villages) ? payload.villages : [];
  const form = h('form', { novalidate: true },
    h('p', { class: 'hint' }, '每村(居)一个分数,0–100 分,最多一位小数。旁边是系统掌握的本期情况,供评分参考。'),
    h('div', { class: 'score-rows' }, villages.map(function (v) {
      const id = 'score-' + v.villageId;
      return h('div', { class: 'score-row field', 'data-village': v.villageId },
        h('label', { for: id }, v.name || v.villageId),
        h('p', { class: 'indicators hint' }, indicatorText(v)),
        h('div', { class: 'score-inputs' },
          h('input', { id, name: id, inputmode: 'decimal', autocomplete: 'off', placeholder: '分数', 'aria-label': (v.name || v.villageId) + ' 分数' }),
          h('input', { name: 'note-' + v.villageId, 'data-schema-path': 'scores[].note', autocomplete: 'off', placeholder: '说明(选填)', 'aria-label': (v.name || v.villageId) + ' 说明' })));
    })));
  form._villages = villages;
  return form;
}
function readScores(form) {
  const villages = form._villages || [];
  const scores = [];
  for (const v of villages) {
    const raw = textOf(form, 'score-' + v.villageId);
    if (!raw) throw new FormError('请填写' + (v.name || v.villageId) + '的分数', 'score-' + v.villageId);
    const score = parseScore(raw);
    if (score === null) throw new FormError((v.name || v.villageId) + '的分数应为 0–100,最多一位小数', 'score-' + v.villageId);
    const note = textOf(form, 'note-' + v.villageId);
    scores.push(note ? { villageId: v.villageId, score, note } : { villageId: v.villageId, score });
  }
  return { scores };
}
function describeScores(d) {
  return ((d && d.scores) || []).map(function (s) { return [s.villageId, String(s.score) + (s.note ? '(' + s.note + ')' : '')]; });
}

registerTaskForm('assessment.quarterly', { label: '季度考核评分', render: scoreForm, read: readScores, describe: describeScores });
registerTaskForm('assessment.annual', { label: '年终考核评分', render: scoreForm, read: readScores, describe: describeScores });

registerTaskForm('assessment.correct', {
  label: '考核分数更正',
  render: function (payload) {
    const ranking = Array.isArray(payload.ranking) ? payload.ranking : [];
    const row = function (i) {
      return h('div', { class: 'correction-row', 'data-row': String(i) },
        h('select', { name: 'c-village-' + i, 'aria-label': '村' }, h('option', { value: '' }, '选择村(居)'), ranking.map(function (r) { return h('option', { value: r.villageId }, r.name || r.villageId); })),
        h('select', { name: 'c-period-' + i, 'aria-label': '考核期' }, Object.keys(PERIOD_LABELS).map(function (p) { return h('option', { value: p }, PERIOD_LABELS[p]); })),
        h('input', { name: 'c-score-' + i, inputmode: 'decimal', placeholder: '新分数', 'aria-label': '新分数' }));
    };
    return h('form', { novalidate: true },
      payload.comment ? h('p', { class: 'notice info' }, '镇党委政府意见:' + payload.comment) : null,
      rankingTable(ranking),
      h('p', { class: 'hint' }, '填写需要更正的分数(不需更正的行留空);提交后重新计算排名并送镇党委政府确认。'),
      [0, 1, 2, 3, 4].map(row),
      textareaField({ name: 'correction-note', schemaPath: 'comment', label: '更正说明', rows: 2 }));
  },
  read: function (form) {
    const corrections = [];
    for (let i = 0; i < 5; i++) {
      const villageId = textOf(form, 'c-village-' + i);
      if (!villageId) continue;
      const score = parseScore(textOf(form, 'c-score-' + i));
      if (score === null) throw new FormError('新分数应为 0–100,最多一位小数', 'c-score-' + i);
      corrections.push({ villageId, period: textOf(form, 'c-period-' + i), score });
    }
    const comment = textOf(form, 'correction-note');
    return comment ? { corrections, comment } : { corrections };
  },
  describe: function (d) {
    return ((d && d.corrections) || []).map(function (c) { return [c.villageId + ' ' + (PERIOD_LABELS[c.period] || c.period), String(c.score)]; });
  },
});

registerTaskForm('reward.confirm', {
  label: '考核排名与奖励确认',
  render: function (payload) {
    return approvalForm([rankingTable(Array.isArray(payload.ranking) ? payload.ranking : [])], '确认', '退回更正');
  },
  read: readApproval,
  describe: describeApproval('确认', '退回更正'),
});

// ---- the cadre split (R8) ----

registerTaskForm('reward.draft_split', {
  label: '村干部奖励分配方案',
  render: function (payload) {
    const pool = Number(payload.poolFen) || 0;
    const cadres = Array.isArray(payload.cadres) ? payload.cadres : [];
    const last = Array.isArray(payload.rounds) && payload.rounds.length ? payload.rounds[payload.rounds.length - 1] : null;
    const previous = {};
    if (last) for (const a of last.allocations || []) previous[a.userId] = a;
    const sumEl = h('strong', { 'data-split-sum': '' }, '0.00');
    const diffEl = h('strong', { 'data-split-diff': '' }, formatFen(pool));
    const status = h('p', { class: 'split-status', 'aria-live': 'polite', 'data-split-status': '' });
    const form = h('form', { novalidate: true, class: 'split-form' },
      h('div', { class: 'split-pool' }, '村干部奖励总额 ', h('strong', { 'data-split-pool': '' }, formatFen(pool)), ' 元'),
      roundsSection(payload.rounds),
      h('p', { class: 'hint' }, '金额以元为单位,可到分;不分配的人金额留空。合计必须等于总额。'),
      cadres.map(function (c) {
        const prev = previous[c.userId];
        return h('div', { class: 'split-row', 'data-user': c.userId },
          h('div', { class: 'split-name' }, c.name || c.userId, h('span', { class: 'muted' }, ' ' + (c.roles || []).map(roleLabel).join('、'))),
          h('input', { name: 'duty-' + c.userId, 'data-schema-path': 'allocations[].duty', value: prev ? prev.duty : (c.roles || []).map(roleLabel)[0] || '', 'aria-label': (c.name || c.userId) + ' 职务', placeholder: '职务' }),
          h('input', { name: 'amount-' + c.userId, inputmode: 'decimal', autocomplete: 'off', value: prev ? formatFen(prev.amountFen) : '', 'aria-label': (c.name || c.userId) + ' 金额(元)', placeholder: '金额(元)' }));
      }),
      h('div', { class: 'split-totals' }, h('span', null, '已分配 ', sumEl, ' 元'), h('span', null, '差额 ', diffEl, ' 元')),
      status,
      textareaField({ name: 'split-note', schemaPath: 'note', label: '分配说明', rows: 3, value: last ? last.note : '' }));
    const update = function () {
      let sum = 0;
      let bad = false;
      for (const c of cadres) {
        const raw = textOf(form, 'amount-' + c.userId);
        if (!raw) continue;
        const fen = parseYuan(raw);
        if (fen === null) { bad = true; continue; }
        sum += fen;
      }
      const diff = pool - sum;
      sumEl.textContent = formatFen(sum);
      diffEl.textContent = formatFen(diff);
      form.setAttribute('data-balanced', diff === 0 && !bad ? 'true' : 'false');
      status.textContent = bad ? '有金额格式不对(最多两位小数)' : diff === 0 ? '合计与总额一致' : diff > 0 ? '还差 ' + formatFen(diff) + ' 元未分配' : '超出总额 ' + formatFen(-diff) + ' 元';
      status.className = 'split-status ' + (diff === 0 && !bad ? 'ok' : 'warn');
    };
    form.addEventListener('input', update);
    update();
    form._pool = pool;
    form._cadres = cadres;
    return form;
  },
  read: function (form) {
    const allocations = [];
    let sum = 0;
    for (const c of form._cadres || []) {
      const raw = textOf(form, 'amount-' + c.userId);
      if (!raw) continue;
      const fen = parseYuan(raw);
      if (fen === null) throw new FormError((c.name || c.userId) + '的金额格式不对,应为元,最多两位小数', 'amount-' + c.userId);
      if (fen === 0) continue;
      const duty = textOf(form, 'duty-' + c.userId);
      if (!duty) throw new FormError('请填写' + (c.name || c.userId) + '的职务', 'duty-' + c.userId);
      allocations.push({ userId: c.userId, amountFen: fen, duty });
      sum += fen;
    }
    if (!allocations.length) throw new FormError('请至少给一人分配金额', (form._cadres || []).length ? 'amount-' + form._cadres[0].userId : null);
    if (sum !== form._pool) {
      const diff = form._pool - sum;
      throw new FormError('合计 ' + formatFen(sum) + ' 元与总额 ' + formatFen(form._pool) + ' 元不符,' + (diff > 0 ? '还差 ' + formatFen(diff) : '超出 ' + formatFen(-diff)) + ' 元', 'amount-' + allocations[0].userId);
    }
    return { allocations, note: textOf(form, 'split-note') };
  },
  describe: function (d) {
    return ((d && d.allocations) || []).map(function (a) { return [a.userId + '(' + a.duty + ')', formatFen(a.amountFen) + ' 元']; }).concat(d && d.note ? [['分配说明', d.note]] : []);
  },
});

registerTaskForm('reward.review_split', {
  label: '村干部奖励分配审批',
  render: function (payload) {
    const total = (payload.allocations || []).reduce(function (s, a) { return s + a.amountFen; }, 0);
    return approvalForm([
      h('section', { class: 'current-split', 'data-current-split': '' },
        h('h3', null, '本轮(第' + payload.round + '轮)分配方案'),
        allocationTable(payload.allocations),
        h('p', null, '合计 ', h('strong', null, formatFen(total)), ' 元 / 总额 ', h('strong', null, formatFen(payload.poolFen)), ' 元'),
        payload.note ? h('p', { class: 'muted' }, '说明:' + payload.note) : null),
      roundsSection(payload.rounds),
    ], '批准', '退回重拟');
  },
  read: readApproval,
  describe: describeApproval('批准', '退回重拟'),
});

registerTaskForm('reward.disburse', {
  label: '考核奖励发放',
  render: function (payload) {
    return h('form', { novalidate: true },
      h('p', null, '村集体奖励 ', formatFen(payload.villageAwardFen), ' 元;村干部奖励:'),
      allocationTable(payload.allocations),
      textField({ name: 'paidOn', label: '发放日期', type: 'date' }),
      textField({ name: 'reference', label: '凭证号' }));
  },
  read: function (form) {
    const paidOn = textOf(form, 'paidOn');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn)) throw new FormError('请选择发放日期', 'paidOn');
    return { paidOn, reference: requiredText(form, 'reference', '凭证号') };
  },
  describe: function (d) { return [['发放日期', (d && d.paidOn) || ''], ['凭证号', (d && d.reference) || '']]; },
});


// ---- red-list villager rewards (R9) ----

field('entries', '红榜村民', function (v) { return Array.isArray(v) ? v.map(function (e) { return e.name; }).join('、') : ''; });

registerTaskForm('redlist.reward', {
  label: '红榜村民奖励登记',
  render: function (payload) {
    const entries = Array.isArray(payload.entries) ? payload.entries : [];
    const form = h('form', { novalidate: true },
      h('p', { class: 'hint' }, '按本村奖励办法,逐一登记每位红榜村民获得的奖励(如荣誉证书、奖品、奖金);有金额的填写金额(元)。'),
      entries.map(function (e) {
        return h('div', { class: 'split-row', 'data-entry': e.entryId },
          h('div', { class: 'split-name' }, e.name, e.poorHousehold ? h('span', { class: 'flag' }, ' 贫困户') : null, h('span', { class: 'muted' }, ' ' + (e.category || ''))),
          h('input', { name: 'form-' + e.entryId, 'data-schema-path': 'rewards[].form', placeholder: '奖励形式', 'aria-label': e.name + ' 奖励形式' }),
          h('input', { name: 'amount-' + e.entryId, inputmode: 'decimal', placeholder: '金额(元,选填)', 'aria-label': e.name + ' 金额(元)' }));
      }));
    form._entries = entries;
    return form;
  },
  read: function (form) {
    const rewards = [];
    for (const e of form._entries || []) {
      const kind = textOf(form, 'form-' + e.entryId);
      if (!kind) throw new FormError('请填写' + e.name + '的奖励形式', 'form-' + e.entryId);
      const raw = textOf(form, 'amount-' + e.entryId);
      const r = { entryId: e.entryId, form: kind };
      if (raw) {
        const fen = parseYuan(raw);
        if (fen === null || fen === 0) throw new FormError(e.name + '的金额格式不对', 'amount-' + e.entryId);
        r.amountFen = fen;
      }
      rewards.push(r);
    }
    return { rewards };
  },
  describe: function (d) {
    return ((d && d.rewards) || []).map(function (r) { return [r.entryId, r.form + (r.amountFen ? ' ' + formatFen(r.amountFen) + ' 元' : '')]; });
  },
});
