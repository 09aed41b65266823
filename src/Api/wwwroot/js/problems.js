// Every problem `code` of the API (docs/api.md, "Errors") in words a person understands.

import { KINDS } from './kinds.js';

const WORDS = {
  validation_failed: 'Some of what you entered was not accepted.',
  unauthorized: 'You are not signed in, or your sign-in has expired. Please sign in again.',
  forbidden: 'You are not allowed to do that. Deposits and other people\'s wallets need an admin.',
  not_in_audience: 'This envelope was sent to a list of people, and you are not on it.',
  envelope_not_found: 'There is no such envelope. Check the link.',
  not_found: 'The server does not know this address.',
  method_not_allowed: 'The server does not allow that here.',
  envelope_exhausted: 'Too late: every share of this envelope has already been grabbed.',
  envelope_expired: 'This envelope has expired. What was left goes back to the sender.',
  insufficient_funds: 'Your balance is too low for this envelope. Ask an admin for a deposit, or send less.',
  payload_too_large: 'That is too much to send at once. Shorten the greeting or the audience.',
  idempotency_key_reused: 'This form was already sent with different values. Please send it again.',
  idempotency_key_required: 'The page forgot to mark the request as a single submission. Please reload the page.',
  rate_limited: 'Too many requests in a short time.',
  overloaded: 'The engine is busy paying out shares right now.',
  internal_error: 'Something went wrong on the server. Please try again.',
  network_error: 'The server cannot be reached. Check that it is running.',
};

const FIELDS = {
  userId: 'User id',
  kind: 'Kind',
  ...Object.fromEntries(KINDS.map(kind => [kind.amountMember, kind.amountField])),
  shares: 'Shares',
  greeting: 'Greeting',
  audience: 'Audience',
  ttlSeconds: 'Expires after',
  amount: 'Amount',
  limit: 'Page size',
  before: 'Page',
  roles: 'Roles',
};

/** One sentence (or a few) for a problem from api.call. */
export function describe(problem) {
  const code = problem?.code ?? 'internal_error';
  let words = WORDS[code] ?? `The server refused this (${code}${problem?.status ? `, HTTP ${problem.status}` : ''}).`;
  if ((code === 'rate_limited' || code === 'overloaded') && problem.retryAfterSeconds) {
    words += ` Try again in ${problem.retryAfterSeconds} second${problem.retryAfterSeconds === 1 ? '' : 's'}.`;
  } else if (code === 'rate_limited' || code === 'overloaded') {
    words += ' Try again in a moment.';
  }

  const errors = problem?.errors;
  if (errors && typeof errors === 'object') {
    const details = Object.entries(errors).map(([field, messages]) =>
      `${FIELDS[field] ?? field}: ${[].concat(messages).join(' ')}`);
    if (details.length > 0) {
      words += ' ' + details.join(' ');
    }
  }

  return words;
}

/** Shows a problem (or clears the element when problem is null); the code stays on the element for tests. */
export function show(element, problem) {
  element.textContent = problem ? describe(problem) : '';
  element.dataset.code = problem?.code ?? '';
  element.hidden = !problem;
}
