// The page: sign in, then a wallet, a send form and one live envelope. The envelope in view is part of the
// address (#/envelopes/{id}), so a link to it can be shared.

import { setUpEnvelope, openEnvelope, closeEnvelope, CROWD_MAX } from './envelope.js';
import { show } from './problems.js';
import { session, isAdmin, signOut, probeDevMode, devToken, adopt, USER_ID_PATTERN } from './session.js';
import { setUpSendForm } from './send.js';
import { setUpWallet, refreshWallet, resetWallet } from './wallet.js';

const $ = id => document.getElementById(id);
const ENVELOPE_ROUTE = /^#\/envelopes\/([A-Za-z0-9_-]{1,128})$/;
let devMode = false;

async function start() {
  setUpSignIn();
  setUpWallet({ onUnauthorized: expired });
  setUpSendForm({
    onSent: async envelope => {
      location.hash = `#/envelopes/${envelope.id}`;
      await refreshWallet(expired);
    },
    onUnauthorized: expired,
  });
  setUpEnvelope({ onUnauthorized: expired, onSettled: () => refreshWallet(expired) });
  $('open-form').addEventListener('submit', event => {
    event.preventDefault();
    const text = $('open-id').value.trim();
    const id = text.match(/#\/envelopes\/([^/?#]+)$/)?.[1] ?? text;
    location.hash = `#/envelopes/${id}`;
  });
  $('sign-out').addEventListener('click', () => {
    signOut();
    closeEnvelope();
    render();
  });
  window.addEventListener('hashchange', route);

  devMode = await probeDevMode();
  document.body.dataset.devMode = String(devMode);
  $('dev-signin').hidden = !devMode;
  $('token-signin').open = !devMode;
  $('crowd-form').hidden = !devMode;
  $('crowd-size').max = String(CROWD_MAX);
  render();
  document.body.dataset.ready = 'true';
}

function setUpSignIn() {
  $('signin-form').addEventListener('submit', async event => {
    event.preventDefault();
    const button = $('signin-form').querySelector('button[type="submit"]');
    const error = $('signin-error');
    const pasted = $('signin-token').value.trim();
    const userId = $('signin-user').value.trim();
    button.disabled = true;
    try {
      let token = pasted;
      if (!token) {
        if (!devMode) {
          show(error, { code: 'validation_failed', errors: { token: ['Paste an access token.'] } });
          return;
        }

        if (!USER_ID_PATTERN.test(userId)) {
          show(error, { code: 'validation_failed', errors: { userId: ['1-64 letters, digits, _ or -.'] } });
          return;
        }

        const minted = await devToken(userId, $('signin-admin').checked ? ['admin'] : []);
        if (!minted.ok) {
          show(error, minted.problem);
          return;
        }

        token = minted.token;
      }

      const adopted = adopt(token);
      if (!adopted.ok) {
        show(error, adopted.problem);
        return;
      }

      show(error, null);
      $('signin-form').reset();
      render();
    } finally {
      button.disabled = false;
    }
  });
}

/** The token was refused: back to the sign-in form, keeping the envelope in the address for afterwards. */
function expired() {
  signOut();
  closeEnvelope();
  render();
  show($('signin-error'), { code: 'unauthorized' });
}

function render() {
  const current = session();
  $('signin-section').hidden = Boolean(current);
  $('workspace').hidden = !current;
  $('who').hidden = !current;
  if (!current) {
    $('signin-note').hidden = !ENVELOPE_ROUTE.test(location.hash);
    return;
  }

  $('who-name').textContent = current.userId;
  $('who-role').textContent = isAdmin() ? ' (admin)' : '';
  $('deposit-section').hidden = !isAdmin();
  resetWallet();
  refreshWallet(expired);
  route();
}

function route() {
  if (!session()) {
    $('signin-note').hidden = !ENVELOPE_ROUTE.test(location.hash);
    return;
  }

  const match = ENVELOPE_ROUTE.exec(location.hash);
  if (match) {
    openEnvelope(decodeURIComponent(match[1]));
  } else {
    closeEnvelope();
  }
}

start();
