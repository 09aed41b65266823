// The signed-in user's balance and ledger (newest first, paged by cursor), and an admin's deposit form.

import { call } from './api.js';
import { onceOnSubmit } from './forms.js';
import { parseYuan, yuan, jsonWithAmount } from './money.js';
import { show } from './problems.js';
import { session, USER_ID_PATTERN } from './session.js';

const LEDGER_PAGE_SIZE = 10;
const KIND_WORDS = { deposit: 'Deposit', send: 'Sent an envelope', grab: 'Grabbed a share', refund: 'Refund' };

const $ = id => document.getElementById(id);
// Cursors of the pages above the one shown: "Newer" pops one.
let newerCursors = [];
let shownCursor = null;
let nextCursor = null;

export function setUpWallet({ onUnauthorized }) {
  $('ledger-older').addEventListener('click', () => {
    newerCursors.push(shownCursor);
    loadLedger(nextCursor, onUnauthorized);
  });
  $('ledger-newer').addEventListener('click', () => loadLedger(newerCursors.pop() ?? null, onUnauthorized));
  $('ledger-refresh').addEventListener('click', () => refreshWallet(onUnauthorized));

  onceOnSubmit($('deposit-form'), async key => {
    const error = $('deposit-error');
    const done = $('deposit-done');
    done.textContent = '';
    const userId = $('deposit-user').value.trim() || session().userId;
    const amount = parseYuan($('deposit-amount').value);
    const invalid = !USER_ID_PATTERN.test(userId)
      ? { code: 'validation_failed', errors: { userId: ['1-64 letters, digits, _ or -.'] } }
      : amount.error ? { code: 'validation_failed', errors: { amount: [amount.error] } } : null;
    if (invalid) {
      show(error, invalid);
      return invalid;
    }

    const response = await call('POST', `/wallets/${encodeURIComponent(userId)}/deposits`, {
      token: session().token,
      body: jsonWithAmount('amount', amount.fen),
      idempotencyKey: key,
    });
    if (!response.ok) {
      show(error, response.problem);
      if (response.problem.code === 'unauthorized') {
        onUnauthorized();
      }

      return response.problem;
    }

    show(error, null);
    done.textContent = `Deposited ${yuan(amount.fen)} to ${userId}. Their balance is now ${yuan(response.data.balance)}.`;
    $('deposit-amount').value = '';
    if (userId === session().userId) {
      await refreshWallet(onUnauthorized);
    }

    return null;
  });
}

export function resetWallet() {
  newerCursors = [];
  shownCursor = null;
  nextCursor = null;
  $('balance').textContent = '…';
  $('ledger-list').replaceChildren();
}

/** Balance and the newest ledger page. */
export async function refreshWallet(onUnauthorized) {
  newerCursors = [];
  await Promise.all([loadBalance(onUnauthorized), loadLedger(null, onUnauthorized)]);
}

async function loadBalance(onUnauthorized) {
  const response = await call('GET', '/wallets/me', { token: session()?.token });
  if (!response.ok) {
    show($('wallet-error'), response.problem);
    if (response.problem.code === 'unauthorized') {
      onUnauthorized();
    }

    return;
  }

  show($('wallet-error'), null);
  const balance = $('balance');
  balance.textContent = yuan(response.data.balance);
  balance.dataset.fen = String(response.data.balance);
}

async function loadLedger(cursor, onUnauthorized) {
  const query = `?limit=${LEDGER_PAGE_SIZE}${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`;
  const response = await call('GET', `/wallets/me/ledger${query}`, { token: session()?.token });
  if (!response.ok) {
    show($('wallet-error'), response.problem);
    if (response.problem.code === 'unauthorized') {
      onUnauthorized();
    }

    return;
  }

  shownCursor = cursor;
  nextCursor = response.data.next ?? null;
  const rows = response.data.entries.map(entry => {
    const row = document.createElement('tr');
    row.dataset.kind = entry.kind;
    const envelope = document.createElement('td');
    if (entry.envelopeId) {
      const link = document.createElement('a');
      link.href = `#/envelopes/${encodeURIComponent(entry.envelopeId)}`;
      link.textContent = 'open';
      link.setAttribute('aria-label', `Open envelope ${entry.envelopeId}`);
      envelope.append(link);
    }

    row.append(
      cell(new Date(entry.at).toLocaleString([], { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })),
      cell(KIND_WORDS[entry.kind] ?? entry.kind),
      cell(yuan(entry.amount, { signed: true }), 'amount'),
      cell(yuan(entry.balanceAfter), 'amount balance-after'),
      envelope);
    return row;
  });
  $('ledger-list').replaceChildren(...rows);
  $('ledger-empty').hidden = rows.length > 0 || cursor !== null;
  $('ledger-older').disabled = nextCursor === null;
  $('ledger-newer').disabled = cursor === null;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }

  return td;
}
