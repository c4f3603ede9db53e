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

/** A labelled single-line input; `schemaPath` where its limits are not the shape's field of its name. */
export function textField(o) {
  const id = uid('f-' + o.name);
  return h('div', { class: 'field' },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'hint', id: id + '-hint' }, o.hint) : null,
    h('input', {
      id, name: o.name, type: o.type || 'text', value: o.value,
      inputmode: o.inputmode, autocomplete: o.autocomplete || 'off', placeholder: o.placeholder,
      'aria-describedby': o.hint ? id + '-hint' : null, 'data-schema-path': o.schemaPath,
    }));
}

/** A labelled multi-line input; `schemaPath` as for textField. */
export function textareaField(o) {
  const id = uid('f-' + o.name);
  return h('div', { class: 'field' },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'hint', id: id + '-hint' }, o.hint) : null,
    h('textarea', { id, name: o.name, rows: o.rows || 4, value: o.value, placeholder: o.placeholder, 'aria-describedby': o.hint ? id + '-hint' : null, 'data-schema-path': o.schemaPath }));
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

/**
 * A task form of one choice and one required text (a verdict and its reasons):
 * registerTaskForm(kind, choiceAndText(label, {name, label, said, missing, options: [{value, label, said, tone}]}, {name, label, rows}))
 * reads {[choice]: the value ('true'/'false' as booleans), [text]: the text}; a done decision
 * reads as the choice's and the option's `said` (else their labels) and the text.
 */
export function choiceAndText(label, choice, text) {
  return {
    label,
    render: function () {
      return h('form', { novalidate: true }, radioField(choice), textareaField(text));
    },
    read: function (form) {
      const v = radioOf(form, choice.name);
      if (v === null) throw new FormError(choice.missing, choice.name);
      const d = {};
      d[choice.name] = v === 'true' ? true : v === 'false' ? false : v;
      d[text.name] = requiredText(form, text.name, text.label);
      return d;
    },
    describe: function (d) {
      const chosen = choice.options.filter(function (o) { return d && String(d[choice.name]) === o.value; })[0];
      return [[choice.said || choice.label, chosen ? chosen.said || chosen.label : ''], [text.label, (d && d[text.name]) || '']];
    },
  };
}

/** A task form of one required text: registerTaskForm(kind, oneText(label, {name, label, said, rows})). */
export function oneText(label, text) {
  const said = text.said || text.label;
  return {
    label,
    render: function () { return h('form', { novalidate: true }, textareaField(text)); },
    read: function (form) {
      const d = {};
      d[text.name] = requiredText(form, text.name, said);
      return d;
    },
    describe: function (d) { return [[said, (d && d[text.name]) || '']]; },
  };
}

// ---- reading and errors ----

export function control(form, name) {
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

/** The trimmed text of a field, possibly empty, within its length limits (set from the server's schemas, see schema-limits.js). */
export function optionalText(form, name, what) {
  const v = textOf(form, name);
  const el = control(form, name);
  if (!v || !el) return v;
  if (el.maxLength > 0 && v.length > el.maxLength) throw new FormError(what + '不能超过 ' + el.maxLength + ' 个字(现在 ' + v.length + ' 个字)', name);
  if (el.minLength > 0 && v.length < el.minLength) throw new FormError(what + '至少要写 ' + el.minLength + ' 个字', name);
  return v;
}

/** A required text within the field's length limits. */
export function requiredText(form, name, what) {
  if (!textOf(form, name)) throw new FormError('请填写' + what, name);
  return optionalText(form, name, what);
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
