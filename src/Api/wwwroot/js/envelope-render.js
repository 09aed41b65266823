// Draws the envelope panel from the server's view of the envelope: facts, stages, your share, best luck, the grabs.

import { kindOf } from './kinds.js';
import { yuan } from './money.js';
import { show } from './problems.js';
import { session } from './session.js';

export const GRAB_ROWS_MAX = 500; // rows drawn in the grab list; the counts above it stay exact

const STATUS_WORDS = {
  open: 'Open: shares are waiting',
  exhausted: 'All shares taken: paying out',
  expired: 'Expired: refunding the rest',
  settled: 'Settled: every share paid out',
};

const $ = id => document.getElementById(id);

let shown = null;        // the envelope view last drawn
let myShare = null;      // { envelopeId, amount, outcome } from my own grab

function shareLink(id) {
  return `${location.origin}${location.pathname}#/envelopes/${encodeURIComponent(id)}`;
}

/** An empty panel for envelope `id` while its first look is under way. */
export function renderOpening(id) {
  shown = null;
  myShare = null;
  const panel = $('envelope');
  panel.hidden = false;
  panel.dataset.envelopeId = id;
  const link = $('envelope-link');
  link.href = shareLink(id);
  link.textContent = shareLink(id);
  $('envelope-loading').hidden = false;
  $('envelope-body').hidden = true;
  show($('grab-error'), null);
  show($('envelope-error'), null);
  $('crowd-summary').textContent = '';
  $('envelope-title').focus();
}

export function renderClosed() {
  $('envelope').hidden = true;
}

/** Why the last look failed (null: it did not); `final` when looking again cannot help. */
export function renderLookProblem(problem, { final = false } = {}) {
  show($('envelope-error'), problem);
  if (final) {
    $('envelope-loading').hidden = true;
  }
}

/** Your grab's answer, shown at once: the next look may not list your grab yet. */
export function renderMyGrab(envelopeId, { amount, outcome }) {
  myShare = { envelopeId, amount, outcome };
  if (shown) {
    renderMyShare(shown, myShare);
  }
}

export function render(view, grabs) {
  shown = view;
  const me = session()?.userId;
  $('envelope-loading').hidden = true;
  $('envelope-body').hidden = false;
  $('env-greeting').textContent = view.greeting || 'Red envelope';
  $('env-sender').textContent = view.senderId;
  $('env-kind').textContent = kindOf(view.kind)?.viewWords ?? view.kind;
  $('env-total').textContent = yuan(view.totalAmount);
  $('env-expires').textContent = new Date(view.expiresAt).toLocaleString();

  const status = $('status');
  status.textContent = STATUS_WORDS[view.status] ?? view.status;
  status.dataset.status = view.status;
  $('remaining-shares').textContent = `${view.remainingShares} of ${view.shares}`;
  $('remaining-shares').dataset.count = String(view.remainingShares);
  $('remaining-amount').textContent = yuan(view.remainingAmount);
  const progress = $('shares-progress');
  progress.max = view.shares;
  progress.value = view.shares - view.remainingShares;
  progress.textContent = `${view.shares - view.remainingShares} of ${view.shares} shares taken`;
  renderStages(view.status);

  const mine = grabs.find(g => g.userId === me)
    ?? (myShare?.envelopeId === view.id ? { amount: myShare.amount } : null);
  renderMyShare(view, mine);
  // Left enabled when the envelope is no longer open: the server's answer says why in words.
  $('grab-button').disabled = Boolean(mine);
  renderBestLuck(view);
  renderGrabList(view, grabs, me);
}

function renderStages(status) {
  const reached = { open: 0, exhausted: 1, expired: 1, settled: 2 }[status] ?? 0;
  for (const stage of document.querySelectorAll('#settlement-stages li')) {
    const index = Number(stage.dataset.index);
    stage.classList.toggle('done', index < reached);
    stage.classList.toggle('current', index === reached);
    if (index === reached) {
      stage.setAttribute('aria-current', 'step');
    } else {
      stage.removeAttribute('aria-current');
    }
  }

  $('stage-closed').textContent = status === 'expired' ? 'Expired' : 'All taken';
}

function renderMyShare(view, mine) {
  const element = $('my-share');
  if (!mine) {
    element.hidden = true;
    element.textContent = '';
    delete element.dataset.fen;
    return;
  }

  element.hidden = false;
  element.dataset.fen = String(mine.amount);
  element.textContent = view.status === 'settled'
    ? `You got ${yuan(mine.amount)}. It is in your wallet.`
    : `You got ${yuan(mine.amount)}. It reaches your wallet in a moment.`;
}

function renderBestLuck(view) {
  const element = $('best-luck');
  const final = view.status !== 'open' && view.remainingShares === 0 && view.bestLuck;
  element.hidden = !final;
  if (final) {
    element.textContent = `Best luck: ${view.bestLuck.userId} with ${yuan(view.bestLuck.amount)}`;
    element.dataset.userId = view.bestLuck.userId;
    element.dataset.fen = String(view.bestLuck.amount);
  }
}

function renderGrabList(view, grabs, me) {
  const list = $('grab-list');
  const seen = new Set(Array.from(list.children, row => row.dataset.userId));
  const bestLuck = view.status !== 'open' && view.remainingShares === 0 ? view.bestLuck : null;
  const rows = grabs.slice(0, GRAB_ROWS_MAX).map((grab, index) => {
    const row = document.createElement('li');
    row.dataset.userId = grab.userId;
    row.dataset.fen = String(grab.amount);
    row.classList.toggle('new', list.children.length > 0 && !seen.has(grab.userId));
    row.classList.toggle('mine', grab.userId === me);
    const isBest = bestLuck?.userId === grab.userId;
    row.classList.toggle('best', isBest);
    const place = span('place', `${index + 1}.`);
    const who = span('who', grab.userId === me ? `${grab.userId} (you)` : grab.userId);
    const amount = span('amount', yuan(grab.amount));
    const time = document.createElement('time');
    time.dateTime = grab.grabbedAt;
    time.textContent = clock(grab.grabbedAt);
    row.append(place, who, amount, time);
    if (isBest) {
      row.append(span('badge', 'best luck'));
    }

    return row;
  });
  list.replaceChildren(...rows);
  const taken = view.shares - view.remainingShares;
  $('grab-count').textContent = String(taken);
  $('grab-list-more').hidden = rows.length >= taken;
  $('grab-list-more').textContent = `and ${taken - rows.length} more`;
}

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

function clock(iso) {
  const time = new Date(iso);
  return `${time.toLocaleTimeString([], { hour12: false })}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}
