// One envelope, live: polled with backoff while anything can still change, grabbed by you or by a crowd.

import { call } from './api.js';
import { yuan } from './money.js';
import { show, describe } from './problems.js';
import { session } from './session.js';

const POLL_RACE_MS = 150;        // while this page's crowd is grabbing (bounded by the crowd's length)
const POLL_FAST_MS = 300;        // right after a change: the race is on
const POLL_SETTLING_MAX_MS = 1000; // exhausted or expired: settlement finishes within moments
const POLL_IDLE_MAX_MS = 4000;   // open and quiet
const POLL_ERROR_MAX_MS = 8000;
const GRAB_ROWS_MAX = 500;       // rows drawn in the grab list; the counts above it stay exact
const GRAB_PAGE_SIZE = 50;
export const CROWD_MAX = 500;
// A browser opens at most 6 connections to one server: the crowd takes 4 and leaves the live view room to poll.
const CROWD_PARALLEL = 4;

const STATUS_WORDS = {
  open: 'Open: shares are waiting',
  exhausted: 'All shares taken: paying out',
  expired: 'Expired: refunding the rest',
  settled: 'Settled: every share paid out',
};

const $ = id => document.getElementById(id);

let shown = null;        // the envelope view last drawn
let watching = null;     // { id, timer, delayMs, fingerprint, racing, inFlight, again }
let grabPagesSupported = true;
let extraGrabs = { taken: -1, grabs: [] };
let myShare = null;      // { envelopeId, amount, outcome } from my own grab
let handlers = { onUnauthorized() {}, onSettled() {} };

export function setUpEnvelope(callbacks) {
  handlers = callbacks;
  $('grab-button').addEventListener('click', grab);
  $('copy-link').addEventListener('click', copyLink);
  $('crowd-form').addEventListener('submit', event => {
    event.preventDefault();
    releaseCrowd();
  });
}

/** Shows the envelope and starts watching it. */
export function openEnvelope(id) {
  if (watching?.id === id) {
    poke();
    return;
  }

  closeEnvelope();
  watching = { id, timer: 0, delayMs: POLL_FAST_MS, fingerprint: '', racing: false, inFlight: false, again: false };
  shown = null;
  extraGrabs = { taken: -1, grabs: [] };
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
  poll();
}

export function closeEnvelope() {
  if (watching) {
    clearTimeout(watching.timer);
  }

  watching = null;
  $('envelope').hidden = true;
}

export function shareLink(id) {
  return `${location.origin}${location.pathname}#/envelopes/${encodeURIComponent(id)}`;
}

/** Looks again now, and quickly for a while: something was just done to the envelope. */
function poke() {
  if (!watching) {
    return;
  }

  watching.delayMs = POLL_FAST_MS;
  poll();
}

/** One chain of looks per envelope: a look asked for while one is under way runs right after it. */
async function poll() {
  const target = watching;
  if (!target) {
    return;
  }

  if (target.inFlight) {
    target.again = true;
    return;
  }

  clearTimeout(target.timer);
  target.inFlight = true;
  let next;
  try {
    next = await look(target);
  } finally {
    target.inFlight = false;
  }

  if (watching !== target || next === null) {
    return; // another envelope was opened meanwhile, or nothing will change any more
  }

  target.delayMs = target.again ? POLL_FAST_MS : next;
  target.timer = setTimeout(poll, target.again ? 0 : next);
  target.again = false;
}

/** Fetches and draws the envelope; the delay before the next look, or null when there is nothing more to see. */
async function look(target) {
  const response = await call('GET', `/envelopes/${encodeURIComponent(target.id)}`, { token: session()?.token });
  if (watching !== target) {
    return null;
  }

  if (!response.ok) {
    const { problem } = response;
    show($('envelope-error'), problem);
    if (['unauthorized', 'envelope_not_found', 'not_in_audience', 'forbidden'].includes(problem.code)) {
      $('envelope-loading').hidden = true;
      if (problem.code === 'unauthorized') {
        handlers.onUnauthorized();
      }

      return null; // asking again changes nothing
    }

    return problem.retryAfterSeconds ? problem.retryAfterSeconds * 1000 : Math.min(target.delayMs * 2, POLL_ERROR_MAX_MS);
  }

  show($('envelope-error'), null);
  const view = response.data;
  const grabs = await allGrabs(view);
  if (watching !== target) {
    return null;
  }

  const fingerprint = `${view.status}|${view.remainingShares}|${grabs.length}|${view.bestLuck?.userId ?? ''}`;
  const changed = fingerprint !== target.fingerprint;
  target.fingerprint = fingerprint;
  render(view, grabs);
  if (view.status === 'settled') {
    handlers.onSettled(view);
    return null; // final: nothing changes after settlement
  }

  const ceiling = view.status === 'open' ? POLL_IDLE_MAX_MS : POLL_SETTLING_MAX_MS;
  return target.racing ? POLL_RACE_MS : changed ? POLL_FAST_MS : Math.min(target.delayMs * 2, ceiling);
}

/**
 * The envelope view carries the first grabs only (bounded); the rest come from GET /envelopes/{id}/grabs when the
 * server has it. Refetched only when the number of grabs changed.
 */
async function allGrabs(view) {
  const taken = view.shares - view.remainingShares;
  if (view.grabs.length >= Math.min(taken, GRAB_ROWS_MAX) || !grabPagesSupported) {
    return view.grabs;
  }

  if (extraGrabs.taken === taken) {
    return extraGrabs.grabs;
  }

  const grabs = [];
  let cursor = null;
  for (let page = 0; page * GRAB_PAGE_SIZE < GRAB_ROWS_MAX; page++) {
    const query = `?limit=${GRAB_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await call('GET', `/envelopes/${encodeURIComponent(view.id)}/grabs${query}`, { token: session()?.token });
    if (!response.ok) {
      grabPagesSupported = !['not_found', 'method_not_allowed'].includes(response.problem.code);
      return view.grabs;
    }

    grabs.push(...response.data.grabs);
    cursor = response.data.next;
    if (!cursor) {
      break;
    }
  }

  extraGrabs = { taken, grabs };
  return grabs;
}

function render(view, grabs) {
  shown = view;
  const me = session()?.userId;
  $('envelope-loading').hidden = true;
  $('envelope-body').hidden = false;
  $('env-greeting').textContent = view.greeting || 'Red envelope';
  $('env-sender').textContent = view.senderId;
  $('env-kind').textContent = view.kind === 'fixed' ? 'fixed shares' : 'lucky shares';
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

async function grab() {
  if (!watching) {
    return;
  }

  const id = watching.id;
  const button = $('grab-button');
  button.disabled = true;
  const response = await call('POST', `/envelopes/${encodeURIComponent(id)}/grabs`, { token: session()?.token });
  if (!response.ok) {
    show($('grab-error'), response.problem);
    if (response.problem.code === 'unauthorized') {
      handlers.onUnauthorized();
    }

    button.disabled = false;
  } else {
    show($('grab-error'), null);
    myShare = { envelopeId: id, amount: response.data.amount, outcome: response.data.outcome };
    if (shown) {
      renderMyShare(shown, myShare);
    }
  }

  poke();
}

async function copyLink() {
  const link = $('envelope-link').href;
  try {
    await navigator.clipboard.writeText(link);
    $('copy-done').textContent = 'Link copied.';
  } catch {
    $('copy-done').textContent = 'Copy the link above by hand.';
  }
}

/**
 * Development only: N people (crowd-<tag>-001...) get tokens first, then all grab as fast as the browser lets them,
 * a few connections at a time, so the server sees a queue of grabs, as from a busy group.
 */
async function releaseCrowd() {
  const summary = $('crowd-summary');
  const button = $('crowd-button');
  const size = Number.parseInt($('crowd-size').value, 10);
  if (!watching || !Number.isInteger(size) || size < 1 || size > CROWD_MAX || !/^\d+$/.test($('crowd-size').value.trim())) {
    summary.textContent = `Enter a number of people from 1 to ${CROWD_MAX}.`;
    return;
  }

  const id = watching.id;
  button.disabled = true;
  const tag = Array.from(crypto.getRandomValues(new Uint8Array(3)), b => b.toString(16).padStart(2, '0')).join('');
  const prefix = `crowd-${tag}-`;
  summary.dataset.prefix = prefix;
  summary.dataset.size = String(size);
  delete summary.dataset.done;
  const userIds = Array.from({ length: size }, (_, i) => prefix + String(i + 1).padStart(3, '0'));
  try {
    summary.textContent = `Handing out tokens to ${size} people…`;
    const tokens = await mintAll(userIds);
    if (tokens.problem) {
      summary.textContent = `The crowd could not sign in. ${describe(tokens.problem)}`;
      return;
    }

    summary.textContent = `${size} people are grabbing…`;
    const race = watching?.id === id ? watching : { racing: false };
    race.racing = true;
    poke();
    const responses = await inParallel(tokens, token => call('POST', `/envelopes/${encodeURIComponent(id)}/grabs`, { token }));
    race.racing = false;
    summary.textContent = crowdOutcome(responses);
    summary.dataset.granted = String(responses.filter(r => r.status === 201).length);
  } finally {
    summary.dataset.done = 'true';
    button.disabled = false;
    poke();
  }
}

async function mintAll(userIds) {
  const responses = await inParallel(userIds, userId => call('POST', '/dev/token', { body: JSON.stringify({ userId }) }));
  const refused = responses.find(r => !r.ok);
  return refused ? { problem: refused.problem } : responses.map(r => r.data.accessToken);
}

/** work(item) for every item, CROWD_PARALLEL at a time; the results in the items' order. */
async function inParallel(items, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: CROWD_PARALLEL }, worker));
  return results;
}

function crowdOutcome(responses) {
  const granted = responses.filter(r => r.status === 201).length;
  const refusals = new Map();
  for (const response of responses.filter(r => !r.ok)) {
    const words = describe(response.problem);
    refusals.set(words, (refusals.get(words) ?? 0) + 1);
  }

  const parts = [`${responses.length} people grabbed: ${granted} got a share.`];
  for (const [words, count] of refusals) {
    parts.push(`${count} × ${words}`);
  }

  return parts.join(' ');
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
