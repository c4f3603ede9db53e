// The fields' limits (length, required, range, pattern, count) from the server's own schemas:
// `GET /api/schemas` answers { shapeName: JSON Schema } generated from the zod schemas. A shape
// or a field the server does not describe gets no client limit; the server validates anyway.
import { request } from './api.js';

let schemas = null;
function loadSchemas() {
  if (!schemas) schemas = request('GET', '/api/schemas', { auth: false }).catch(function () { return {}; });
  return schemas;
}

/** The schema at `path` ('nominees[].name': a property of each item of nominees) in a shape, or null. */
function schemaAt(all, shape, path) {
  let s = all && Object.prototype.hasOwnProperty.call(all, shape) ? all[shape] : null;
  let required = false;
  for (const part of path.split('.')) {
    const each = part.slice(-2) === '[]';
    const name = each ? part.slice(0, -2) : part;
    if (!s || !s.properties || !s.properties[name]) return null;
    required = Array.isArray(s.required) && s.required.indexOf(name) >= 0;
    s = s.properties[name];
    if (each) s = s.items || null;
  }
  return s ? { schema: s, required } : null;
}

const ATTRIBUTES = [['maxLength', 'maxlength'], ['minLength', 'minlength'], ['pattern', 'pattern'], ['minimum', 'min'], ['maximum', 'max']];

/**
 * Sets the limits of `shapes` on the fields in `root` (by `data-schema-path`, else by name), once
 * the schemas are there, and on the fields added later (rows added one by one): maxlength,
 * minlength, pattern, min, max, required; `data-max-items` on a field group of an array.
 */
export function applyLimits(root, shapes) {
  return loadSchemas().then(function (all) {
    const limit = function (node) {
      const fields = node.matches && node.matches('[name], [data-schema-path]') ? [node] : [];
      if (node.querySelectorAll) fields.push.apply(fields, node.querySelectorAll('[name], [data-schema-path]'));
      for (const el of fields) setLimits(el, all, shapes);
    };
    limit(root);
    new MutationObserver(function (changes) {
      for (const c of changes) for (const n of c.addedNodes) limit(n);
    }).observe(root, { childList: true, subtree: true });
  });
}

function setLimits(el, all, shapes) {
  const path = el.getAttribute('data-schema-path') || el.getAttribute('name');
  const found = shapes.map(function (shape) { return schemaAt(all, shape, path); }).filter(Boolean)[0];
  if (!found) return;
  for (const a of ATTRIBUTES) if (found.schema[a[0]] !== undefined) el.setAttribute(a[1], String(found.schema[a[0]]));
  if (found.schema.maxItems !== undefined) el.setAttribute('data-max-items', String(found.schema.maxItems));
  if (found.required && el.matches('input, textarea, select')) el.setAttribute('required', '');
}

/** The most items a field group takes (its `data-max-items`), or Infinity. */
export function maxItemsOf(el) {
  const n = parseInt(el.getAttribute('data-max-items') || '', 10);
  return n >= 0 ? n : Infinity;
}
