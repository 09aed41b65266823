// Development only: a crowd released on the envelope in view, so one person can watch a race.

import { call } from './api.js';
import { poke, watched } from './envelope-poll.js';
import { describe } from './problems.js';

export const CROWD_MAX = 500;
// A browser opens at most 6 connections to one server: the crowd takes 4 and leaves the live view room to poll.
const CROWD_PARALLEL = 4;

const $ = id => document.getElementById(id);

/**
 * N people (crowd-<tag>-001...) get tokens first, then all grab as fast as the browser lets them, a few connections
 * at a time, so the server sees a queue of grabs, as from a busy group.
 */
export async function releaseCrowd() {
  const summary = $('crowd-summary');
  const button = $('crowd-button');
  const size = Number.parseInt($('crowd-size').value, 10);
  if (!watched() || !Number.isInteger(size) || size < 1 || size > CROWD_MAX || !/^\d+$/.test($('crowd-size').value.trim())) {
    summary.textContent = `Enter a number of people from 1 to ${CROWD_MAX}.`;
    return;
  }

  const id = watched().id;
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
    // The envelope may have been left while tokens were handed out: then no live view polls for this race.
    const race = watched()?.id === id ? watched() : { racing: false };
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
