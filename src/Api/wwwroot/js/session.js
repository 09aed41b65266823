// Who is signed in: a bearer token and what it says about its holder. Kept per browser tab (sessionStorage), so
// two tabs can be two people racing for the same envelope.

import { call } from './api.js';

const STORAGE_KEY = 'hongbao.session';
export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

let current = load();

export function session() {
  return current;
}

export function isAdmin() {
  return current?.roles.includes('admin') ?? false;
}

export function signOut() {
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Development mode is when POST /dev/token exists: an empty body answers 400 there and 404 elsewhere (docs/api.md),
 * and changes nothing either way.
 */
export async function probeDevMode() {
  const response = await call('POST', '/dev/token', { body: '{}' });
  return response.status === 400;
}

/** Development mode: the server mints a token for any user id. */
export async function devToken(userId, roles) {
  const response = await call('POST', '/dev/token', { body: JSON.stringify({ userId, roles }) });
  return response.ok ? { ok: true, token: response.data.accessToken } : response;
}

/** Signs in with a token and keeps it; returns the problem when the token's claims are unreadable. */
export function adopt(token) {
  const claims = readClaims(token);
  if (!claims || typeof claims.sub !== 'string' || !USER_ID_PATTERN.test(claims.sub)) {
    return { ok: false, problem: { code: 'unauthorized' } };
  }

  current = { token, userId: claims.sub, roles: [].concat(claims.role ?? []).map(String) };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  return { ok: true };
}

/** The payload of a JWT, unverified: the page only needs the names to display; the server checks the signature. */
function readClaims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) {
    return null;
  }

  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function load() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.token === 'string' && typeof stored.userId === 'string' && Array.isArray(stored.roles)
      ? stored
      : null;
  } catch {
    return null;
  }
}
