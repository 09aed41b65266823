// The one door to the HTTP API (docs/api.md): JSON in, JSON or problem details out.

/** A fresh Idempotency-Key; getRandomValues works on plain http too, where randomUUID does not. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends one request. Resolves to { ok: true, status, data } or { ok: false, status, problem } where problem always
 * has a code ("network_error" when the server could not be reached) and retryAfterSeconds when the server gave one.
 */
export async function call(method, path, { token, body, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }

  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }

  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, problem: { code: 'network_error' } };
  }

  const text = await response.text().catch(() => '');
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }

  if (response.ok) {
    return { ok: true, status: response.status, data };
  }

  const problem = data !== null && typeof data === 'object' ? data : {};
  problem.code ??= `http_${response.status}`;
  problem.status ??= response.status;
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  problem.retryAfterSeconds = Number.isInteger(retryAfter) && retryAfter >= 0 ? retryAfter : null;
  return { ok: false, status: response.status, problem };
}
