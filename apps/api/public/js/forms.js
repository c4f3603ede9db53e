// Task forms by kind. A procedure adds its task kinds here with registerTaskForm().
//
//   registerTaskForm('kind.name', {
//     label: '中文名称',                         // shown in the inbox filter and on the task
//     render(payload, task) { return <form> },   // the decision's fields (no submit button)
//     read(form) { return decision },            // throws FormError(message, fieldName) when incomplete
//     describe(decision) { return [[label, text], ...] },  // optional: how a decision reads once done
//   });
//
// The task page adds the optional 备注 (name="comment") field and the 提交 button to the
// rendered form, calls read(form) on submit and posts {decision, comment?}.

import { h, uid } from './dom.js';

export class FormError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'FormError';
    this.field = field || null;
  }
}

const registry = {};

export function registerTaskForm(kind, def) {
  if (!def || typeof def.render !== 'function' || typeof def.read !== 'function') throw new Error('task form needs render and read: ' + kind);
  registry[kind] = def;
}
export function getTaskForm(kind) {
  return Object.prototype.hasOwnProperty.call(registry, kind) ? registry[kind] : null;
}
/** [{kind, label}] of every registered kind, for the inbox filter. */
export function taskKinds() {
  return Object.keys(registry).map(function (k) { return { kind: k, label: registry[k].label }; });
}
export function kindLabel(kind) {
  const def = getTaskForm(kind);
  return def ? def.label : kind;
}
/** [[label, text]] describing a decision: the kind's describe(), or its fields as they are. */
export function describeDecision(kind, decision) {
  const def = getTaskForm(kind);
  if (def && def.describe) return def.describe(decision);
  if (!decision || typeof decision !== 'object') return decision == null ? [] : [['结果', String(decision)]];
  return Object.keys(decision).map(function (k) {
    const v = decision[k];
    return [k, typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'object' ? JSON.stringify(v) : String(v)];
  });
}

// ---- field builders (for every kind's render) ----

/** A labelled single-line input. */
export function textField(o) {
  const id = uid('f-' + o.name);
  return h('div', { class: 'field' },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'hint', id: id + '-hint' }, o.hint) : null,
    h('input', {
      id, name: o.name, type: o.type || 'text', value: o.value, maxlength: o.maxlength,
      inputmode: o.inputmode, autocomplete: o.autocomplete || 'off', placeholder: o.placeholder,
      'aria-describedby': o.hint ? id + '-hint' : null,
    }));
}

/** A labelled multi-line input. */
export function textareaField(o) {
  const id = uid('f-' + o.name);
  return h('div', { class: 'field' },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'hint', id: id + '-hint' }, o.hint) : null,
    h('textarea', { id, name: o.name, rows: o.rows || 4, maxlength: o.maxlength, value: o.value, placeholder: o.placeholder, 'aria-describedby': o.hint ? id + '-hint' : null }));
}

/** Radios as big tappable rows: options [{value, label}]. */
export function radioField(o) {
  return h('fieldset', { class: 'field choices', 'data-field': o.name },
    h('legend', null, o.label),
    o.options.map(function (opt) {
      return h('label', { class: 'choice' + (opt.tone ? ' ' + opt.tone : '') },
        h('input', { type: 'radio', name: o.name, value: opt.value, checked: opt.value === o.value }),
        h('span', null, opt.label));
    }));
}

/** One checkbox as a big tappable row. */
export function checkboxField(o) {
  return h('div', { class: 'field choices' },
    h('label', { class: 'choice' },
      h('input', { type: 'checkbox', name: o.name, value: 'true', checked: !!o.checked }),
      h('span', null, o.label)));
}

/** A labelled select: options [{value, label}], with an optional empty first option. */
export function selectField(o) {
  const id = uid('f-' + o.name);
  const options = [];
  if (o.placeholder !== undefined) options.push(h('option', { value: '' }, o.placeholder));
  for (const opt of o.options) options.push(h('option', { value: opt.value, selected: opt.value === o.value }, opt.label));
  return h('div', { class: 'field' }, h('label', { for: id }, o.label), h('select', { id, name: o.name }, options));
}

// ---- reading and errors ----

function control(form, name) {
  const el = form.elements.namedItem(name);
  return el && el.length !== undefined && !el.tagName ? el[0] : el;
}

/** The trimmed text of a field. */
export function textOf(form, name) {
  const el = control(form, name);
  return el ? String(el.value || '').trim() : '';
}

/** The value of the checked radio of a group, or null. */
export function radioOf(form, name) {
  const list = form.querySelectorAll('input[type="radio"][name="' + name + '"]');
  for (const r of list) if (r.checked) return r.value;
  return null;
}

/** A required text, at most `max` characters. */
export function requiredText(form, name, what, max) {
  const v = textOf(form, name);
  if (!v) throw new FormError('请填写' + what, name);
  if (max && v.length > max) throw new FormError(what + '不能超过 ' + max + ' 个字(现在 ' + v.length + ' 个字)', name);
  return v;
}

/** Marks the field of a FormError and focuses it; clearFieldErrors() undoes it. */
export function showFieldError(form, err) {
  clearFieldErrors(form);
  if (!err.field) return;
  const el = control(form, err.field);
  if (!el) return;
  el.setAttribute('aria-invalid', 'true');
  const box = el.closest('.field') || el.parentNode;
  const msg = h('p', { class: 'field-error', id: uid('err') }, err.message);
  box.appendChild(msg);
  // The mark goes as soon as the person changes the field.
  const fix = function () {
    msg.remove();
    for (const x of box.querySelectorAll('[aria-invalid]')) x.removeAttribute('aria-invalid');
    box.removeEventListener('input', fix);
    box.removeEventListener('change', fix);
  };
  box.addEventListener('input', fix);
  box.addEventListener('change', fix);
  try { el.focus({ preventScroll: false }); } catch (e) { el.focus(); }
}

export function clearFieldErrors(form) {
  for (const m of form.querySelectorAll('.field-error')) m.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// ---- contract review (R11) ----

registerTaskForm('contract.review', {
  label: '合同审核',
  render: function () {
    return h('form', { novalidate: true },
      radioField({
        name: 'approve', label: '审核结论',
        options: [{ value: 'true', label: '通过', tone: 'yes' }, { value: 'false', label: '退回修改', tone: 'no' }],
      }),
      textareaField({ name: 'opinion', label: '审核意见', rows: 5, maxlength: 5000, placeholder: '请写明审核意见;退回时写明需要修改的地方' }));
  },
  read: function (form) {
    const approve = radioOf(form, 'approve');
    if (approve === null) throw new FormError('请选择审核结论:通过 或 退回修改', 'approve');
    const opinion = requiredText(form, 'opinion', '审核意见', 5000);
    return { approve: approve === 'true', opinion };
  },
  describe: function (d) {
    return [['审核结论', d && d.approve ? '通过' : '退回修改'], ['审核意见', (d && d.opinion) || '']];
  },
});

registerTaskForm('contract.revise', {
  label: '合同修改',
  render: function (payload) {
    return h('form', { novalidate: true },
      textareaField({ name: 'summary', label: '修改后的合同摘要', rows: 8, maxlength: 10000, value: (payload && payload.summary) || '', hint: '请按审核意见修改后提交,将重新送法律顾问审核' }));
  },
  read: function (form) {
    return { summary: requiredText(form, 'summary', '修改后的合同摘要', 10000) };
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
