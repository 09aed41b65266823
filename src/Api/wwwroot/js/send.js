// The send form. Its kind choices and what the amount means for each come from the table in kinds.js.

import { call } from './api.js';
import { onceOnSubmit } from './forms.js';
import { DEFAULT_KIND, KINDS, kindOf } from './kinds.js';
import { parseYuan, jsonWithAmount } from './money.js';
import { show } from './problems.js';
import { session, USER_ID_PATTERN } from './session.js';

const $ = id => document.getElementById(id);

export function setUpSendForm({ onSent, onUnauthorized }) {
  const form = $('send-form');
  const amountLabel = $('send-amount-label');
  renderKindChoices();
  const labelAmount = () => {
    amountLabel.textContent = kind().amountLabel;
  };
  labelAmount();
  form.addEventListener('change', labelAmount);

  onceOnSubmit(form, async key => {
    const error = $('send-error');
    const { body, problem } = readForm();
    if (problem) {
      show(error, problem);
      return problem;
    }

    const response = await call('POST', '/envelopes', { token: session().token, body, idempotencyKey: key });
    if (!response.ok) {
      show(error, response.problem);
      if (response.problem.code === 'unauthorized') {
        onUnauthorized();
      }

      return response.problem;
    }

    show(error, null);
    form.reset();
    labelAmount();
    await onSent(response.data);
    return null;
  });
}

/** One radio button per kind. The default is checked by attribute (defaultChecked), so form.reset() comes back to it. */
function renderKindChoices() {
  const choices = KINDS.map(entry => {
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'kind';
    input.value = entry.wire;
    input.defaultChecked = entry === DEFAULT_KIND;
    input.checked = entry === DEFAULT_KIND;
    const label = document.createElement('label');
    label.className = 'check';
    label.append(input, ` ${entry.choice}`);
    return label;
  });
  $('send-kind').append(...choices);
}

function kind() {
  return kindOf($('send-form').elements.kind.value) ?? DEFAULT_KIND;
}

/** The request body, with the amount written from its digits; or a validation problem naming the fields. */
function readForm() {
  const errors = {};
  const amountField = kind().amountMember;
  const amount = parseYuan($('send-amount').value);
  if (amount.error) {
    errors[amountField] = [amount.error];
  }

  const sharesText = $('send-shares').value.trim();
  if (!/^[1-9]\d{0,6}$/.test(sharesText)) {
    errors.shares = ['Enter a whole number of shares, at least 1.'];
  }

  const audience = $('send-audience').value.split(/[\s,]+/).filter(Boolean);
  const strangers = audience.filter(id => !USER_ID_PATTERN.test(id));
  if (strangers.length > 0) {
    errors.audience = [`These are not user ids: ${strangers.join(', ')}.`];
  }

  const ttlText = $('send-ttl').value.trim();
  if (ttlText && !/^[1-9]\d{0,7}$/.test(ttlText)) {
    errors.ttlSeconds = ['Enter a whole number of seconds, or leave it empty.'];
  }

  if (Object.keys(errors).length > 0) {
    return { problem: { code: 'validation_failed', errors } };
  }

  const fields = { kind: kind().wire, shares: Number.parseInt(sharesText, 10) };
  const greeting = $('send-greeting').value.trim();
  if (greeting) {
    fields.greeting = greeting;
  }

  if (audience.length > 0) {
    fields.audience = [...new Set(audience)];
  }

  if (ttlText) {
    fields.ttlSeconds = Number.parseInt(ttlText, 10);
  }

  return { body: jsonWithAmount(amountField, amount.fen, fields) };
}
