// The one submit path of the pages' forms: read and check → button busy → request → the error
// under the form (the server's own message for a 400, in Chinese and English) or success.
import { h, mount, notice } from './dom.js';
import { errorMessage } from './api.js';
import { FormError, showFieldError, clearFieldErrors } from './forms.js';
import { applyLimits } from './schema-limits.js';

/**
 * Adds the error box and the submit button to `form` and handles its submits:
 *
 *   submitForm(form, {
 *     label: '提交', busyLabel: '正在提交…',
 *     shapes: ['contractStart'],   // optional: server schemas whose limits the fields take
 *     read(form) { return body },  // throws FormError(message, fieldName) when something is missing
 *     send(body) { return promise },
 *     done(result, body) {},       // success: go elsewhere or show the outcome
 *     errors: { 403: '…' },        // errorMessage() overrides by status
 *     failed(err, shown) {},       // optional: after the error notice `shown` is on screen
 *   });
 */
export function submitForm(form, o) {
  const error = h('div', { class: 'form-error', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'btn primary block' }, o.label);
  form.setAttribute('novalidate', '');
  form.append(error, button);
  if (o.shapes) applyLimits(form, o.shapes);

  let busy = false;
  form.addEventListener('submit', async function (e) {
    e.preventDefault();
    if (busy) return;
    mount(error);
    clearFieldErrors(form);
    let body;
    try {
      body = o.read(form);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      mount(error, notice('error', err.message));
      showFieldError(form, err);
      return;
    }
    busy = true;
    button.disabled = true;
    button.textContent = o.busyLabel || '正在提交…';
    try {
      o.done(await o.send(body), body);
    } catch (err) {
      if (err && err.handled) return;
      const shown = notice('error', errorMessage(err, o.errors));
      mount(error, shown);
      error.scrollIntoView({ block: 'nearest' });
      if (o.failed) o.failed(err, shown);
    } finally {
      busy = false;
      button.disabled = false;
      button.textContent = o.label;
    }
  });
  return form;
}
