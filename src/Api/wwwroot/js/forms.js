// One submission of a form = one Idempotency-Key, and never two requests in flight from the same form.

import { newIdempotencyKey } from './api.js';

// After these the request may or may not have been applied: a retry must carry the same key.
const UNCERTAIN = new Set(['network_error', 'rate_limited', 'overloaded', 'internal_error']);

/**
 * Calls `send(idempotencyKey)` on submit. The button is disabled until the answer is in, so a double click sends
 * once; and the key is kept until the form is edited or the answer is final, so a retry after a lost answer is
 * recognised by the server as the same submission.
 */
export function onceOnSubmit(form, send) {
  const button = form.querySelector('button[type="submit"]');
  let key = null;
  let busy = false;
  form.addEventListener('input', () => {
    key = null;
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) {
      return;
    }

    busy = true;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    key ??= newIdempotencyKey();
    try {
      const problem = await send(key);
      if (!problem || !UNCERTAIN.has(problem.code)) {
        key = null;
      }
    } finally {
      busy = false;
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}
