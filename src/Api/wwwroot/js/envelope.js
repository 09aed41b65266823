// One envelope, live: envelope-poll.js watches it, envelope-render.js draws it, crowd.js races for it; here the
// panel's buttons are wired to them.

import { call } from './api.js';
import { releaseCrowd } from './crowd.js';
import { poke, setUpPolling, watched } from './envelope-poll.js';
import { renderMyGrab } from './envelope-render.js';
import { show } from './problems.js';
import { session } from './session.js';

export { openEnvelope, closeEnvelope } from './envelope-poll.js';
export { CROWD_MAX } from './crowd.js';

const $ = id => document.getElementById(id);

let handlers = { onUnauthorized() {}, onSettled() {} };

export function setUpEnvelope(callbacks) {
  handlers = callbacks;
  setUpPolling(callbacks);
  $('grab-button').addEventListener('click', grab);
  $('copy-link').addEventListener('click', copyLink);
  $('crowd-form').addEventListener('submit', event => {
    event.preventDefault();
    releaseCrowd();
  });
}

async function grab() {
  if (!watched()) {
    return;
  }

  const id = watched().id;
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
    renderMyGrab(id, response.data);
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
