// Display formatting: times in the town's zone, money in fen, labels in Chinese.

/** The town's time zone, which the server writes into index.html (TOWN_TIMEZONE). */
export function townTimeZone() {
  const meta = document.querySelector('meta[name="town-timezone"]');
  return (meta && meta.getAttribute('content')) || undefined;
}

function makeFormatter() {
  const opts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return new Intl.DateTimeFormat('zh-CN', Object.assign({ timeZone: townTimeZone() }, opts));
  } catch (e) {
    return new Intl.DateTimeFormat('zh-CN', opts);
  }
}
const dateTimeFormat = makeFormatter();

/** "2024/05/01 14:30" in the town's time zone; '' for null. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return dateTimeFormat.format(d);
}

/** "剩 3 天" / "剩 5 小时" / "超期 2 天" relative to now; '' for null. */
export function relativeDue(iso, now) {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (isNaN(t)) return '';
  const diff = t - (now === undefined ? Date.now() : now);
  const abs = Math.abs(diff);
  const min = 60000, hour = 60 * min, day = 24 * hour;
  let span;
  if (abs >= day) span = Math.floor(abs / day) + ' 天';
  else if (abs >= hour) span = Math.floor(abs / hour) + ' 小时';
  else span = Math.max(1, Math.floor(abs / min)) + ' 分钟';
  return diff >= 0 ? '剩 ' + span : '超期 ' + span;
}

/** Integer fen → "12345.67" (exact, no floating point). */
export function formatFen(fen) {
  let n;
  try { n = BigInt(fen); } catch (e) { return String(fen); }
  const neg = n < 0n;
  if (neg) n = -n;
  const yuan = n / 100n;
  const cents = String(n % 100n).padStart(2, '0');
  return (neg ? '-' : '') + String(yuan) + '.' + cents;
}

/** Integer fen → "12345.67 元". */
export function formatYuan(fen) {
  return formatFen(fen) + ' 元';
}

/**
 * Yuan text typed by a person → integer fen, or null when it is not an amount with
 * at most two decimals. Accepts full-width digits, "," separators and a "元" suffix.
 */
export function parseYuan(text) {
  let s = String(text || '').trim();
  s = s.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
  s = s.replace(/[．。]/g, '.').replace(/[,,\s]/g, '').replace(/元$/, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0') || '0');
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(fen);
}

export const ROLE_LABELS = {
  SECRETARY: '村党支部书记',
  MEDIATOR: '治调委员',
  COMMITTEE: '村"两委"成员',
  COUNCIL: '道德理事会成员',
  REPRESENTATIVE: '村民代表',
  LEGAL_ADVISER: '法律顾问',
  TOWN_OFFICE: '镇综治办',
  TOWN_LEADERSHIP: '镇党委政府',
  TOWN_MEDIATION: '镇司法所/镇调委会',
  ADMIN: '系统管理员',
};
export function roleLabel(role) { return ROLE_LABELS[role] || role; }

export const STATUS_LABELS = { open: '待办理', done: '已办结', cancelled: '已取消' };
export function statusLabel(s) { return STATUS_LABELS[s] || s; }

/** Procedure types: label and stage labels. Later procedures add their own entries. */
export const PROCEDURE_TYPES = {
  'contract-review': {
    label: '合同审核',
    stages: { review: '法律顾问审核中', revise: '退回修改中', sign: '待签订', done: '已完成' },
  },
};
export function procedureTypeLabel(type) {
  const t = PROCEDURE_TYPES[type];
  return t ? t.label : type || '';
}
export function stageLabel(type, stage) {
  const t = PROCEDURE_TYPES[type];
  const common = { done: '已完成', closed: '已结束', cancelled: '已取消' };
  return (t && t.stages[stage]) || common[stage] || stage || '';
}

export const EVENT_LABELS = {
  started: '发起',
  stage: '进展',
  task_opened: '待办创建',
  task_decided: '办理',
  task_extended: '延期',
  task_reassigned: '转办',
  task_reminded: '催办',
};
export function eventLabel(type) { return EVENT_LABELS[type] || ''; }

/** Who a task is for, in words: "东村 法律顾问", or "指定人员". */
export function candidateText(c, villages, me) {
  if (!c || typeof c !== 'object') return '';
  if (c.userId) return me && me.id === c.userId ? '本人' : '指定人员';
  const place = c.villageId ? (villages && villages.get(c.villageId)) || c.villageId : '镇';
  return place + ' ' + roleLabel(c.role);
}

export function villageName(villages, id) {
  if (!id) return '';
  return (villages && villages.get(id)) || id;
}

/**
 * Labels and formatters of payload/details fields, in display order. Later procedures
 * add theirs with registerPayloadField(key, label, format?).
 */
export const PAYLOAD_FIELDS = [
  ['title', '合同名称'],
  ['counterparty', '对方单位'],
  ['amountFen', '金额', formatYuan],
  ['summary', '合同摘要'],
  ['round', '轮次', function (n) { return '第' + n + '轮'; }],
  ['opinion', '审核意见'],
];
export function registerPayloadField(key, label, format) {
  PAYLOAD_FIELDS.push([key, label, format]);
}
const HIDDEN_FIELDS = { villageId: true };

/** A payload as [{key, label, text, long}] rows: known fields first, then the rest. */
export function payloadRows(payload) {
  const rows = [];
  if (!payload || typeof payload !== 'object') return rows;
  const seen = {};
  const push = function (key, label, format) {
    seen[key] = true;
    const v = payload[key];
    if (v === null || v === undefined || v === '' || HIDDEN_FIELDS[key]) return;
    let text;
    if (format) text = format(v);
    else if (typeof v === 'boolean') text = v ? '是' : '否';
    else if (typeof v === 'object') text = JSON.stringify(v, null, 2);
    else text = String(v);
    rows.push({ key, label, text, long: typeof v === 'object' || text.length > 40 || text.indexOf('\n') >= 0 });
  };
  for (const f of PAYLOAD_FIELDS) if (Object.prototype.hasOwnProperty.call(payload, f[0])) push(f[0], f[1], f[2]);
  for (const key of Object.keys(payload)) if (!seen[key]) push(key, key);
  return rows;
}
