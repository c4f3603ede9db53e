// Tiny DOM helpers. Server data is only ever inserted as text, never as HTML.

/**
 * h('button', {type: 'button', class: 'btn', onclick: fn, 'data-x': 1}, '文字', child, [more])
 * Attributes that are null/undefined/false are skipped; true gives an empty (boolean) attribute.
 * `value` on a textarea sets its text; on other elements the value attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on' && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' && tag === 'textarea') el.textContent = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces an element's content. */
export function mount(el, ...children) {
  clear(el);
  return append(el, children);
}

let seq = 0;
/** A page-unique id for label/for pairs. */
export function uid(prefix) {
  seq += 1;
  return (prefix || 'id') + '-' + seq;
}

/** A notice box: kind is 'error' | 'ok' | 'info'. Errors are announced by screen readers. */
export function notice(kind, ...children) {
  return h('div', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}
