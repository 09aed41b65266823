// The envelope in view, looked at again and again with backoff while anything about it can still change.

import { call } from './api.js';
import { GRAB_ROWS_MAX, render, renderClosed, renderLookProblem, renderOpening } from './envelope-render.js';
import { session } from './session.js';

const POLL_RACE_MS = 150;        // while this page's crowd is grabbing (bounded by the crowd's length)
const POLL_FAST_MS = 300;        // right after a change: the race is on
const POLL_SETTLING_MAX_MS = 1000; // exhausted or expired: settlement finishes within moments
const POLL_IDLE_MAX_MS = 4000;   // open and quiet
const POLL_ERROR_MAX_MS = 8000;
const GRAB_PAGE_SIZE = 50;
// Asking again changes nothing after these.
const FINAL_PROBLEMS = ['unauthorized', 'envelope_not_found', 'not_in_audience', 'forbidden'];

let watching = null;     // { id, timer, delayMs, fingerprint, racing, inFlight, again }
let grabPagesSupported = true;
let extraGrabs = { taken: -1, grabs: [], pages: [] };
let handlers = { onUnauthorized() {}, onSettled() {} };

export function setUpPolling(callbacks) {
  handlers = callbacks;
}

/** The envelope being watched ({ id, racing, … }), or null. */
export function watched() {
  return watching;
}

/** Shows the envelope and starts watching it. */
export function openEnvelope(id) {
  if (watching?.id === id) {
    poke();
    return;
  }

  closeEnvelope();
  watching = { id, timer: 0, delayMs: POLL_FAST_MS, fingerprint: '', racing: false, inFlight: false, again: false };
  extraGrabs = { taken: -1, grabs: [], pages: [] };
  renderOpening(id);
  poll();
}

export function closeEnvelope() {
  if (watching) {
    clearTimeout(watching.timer);
  }

  watching = null;
  renderClosed();
}

/** Looks again now, and quickly for a while: something was just done to the envelope. */
export function poke() {
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
    const final = FINAL_PROBLEMS.includes(problem.code);
    renderLookProblem(problem, { final });
    if (final) {
      if (problem.code === 'unauthorized') {
        handlers.onUnauthorized();
      }

      return null;
    }

    return problem.retryAfterSeconds ? problem.retryAfterSeconds * 1000 : Math.min(target.delayMs * 2, POLL_ERROR_MAX_MS);
  }

  renderLookProblem(null);
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
 * server has it. Grabs only ever append, so a full page never changes: when the number of grabs changed, only the
 * last page fetched (the one that was not full) and the pages after it are fetched again.
 */
async function allGrabs(view) {
  const taken = view.shares - view.remainingShares;
  if (view.grabs.length >= Math.min(taken, GRAB_ROWS_MAX) || !grabPagesSupported) {
    return view.grabs;
  }

  if (extraGrabs.taken === taken) {
    return extraGrabs.grabs;
  }

  // Keep the full pages; start again from the first page that was not full (its cursor is the one before it).
  const pages = extraGrabs.pages.filter(page => page.grabs.length === GRAB_PAGE_SIZE && page.next);
  let cursor = pages.length > 0 ? pages[pages.length - 1].next : null;
  while (pages.length * GRAB_PAGE_SIZE < GRAB_ROWS_MAX) {
    const query = `?limit=${GRAB_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await call('GET', `/envelopes/${encodeURIComponent(view.id)}/grabs${query}`, { token: session()?.token });
    if (!response.ok) {
      grabPagesSupported = !['not_found', 'method_not_allowed'].includes(response.problem.code);
      return view.grabs;
    }

    pages.push({ grabs: response.data.grabs, next: response.data.next });
    cursor = response.data.next;
    if (!cursor) {
      break;
    }
  }

  const grabs = pages.flatMap(page => page.grabs);
  extraGrabs = { taken, grabs, pages };
  return grabs;
}
