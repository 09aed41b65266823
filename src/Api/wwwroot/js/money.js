// Amounts are typed and shown in yuan but travel as integer fen. The conversion works on the digits as text, so
// no floating-point number ever holds an amount that is sent.

// At most 12 digits of yuan and 2 of fen: 14 digits stay below 2^53 wherever the server parses them.
const YUAN_PATTERN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** "88.8" -> { fen: "8880" }; anything else -> { error } in words. */
export function parseYuan(text) {
  const match = YUAN_PATTERN.exec(String(text ?? '').trim());
  if (!match) {
    return { error: 'Enter an amount in yuan, like 88.88 (digits, at most two after the point).' };
  }

  const fen = (match[1] + (match[2] ?? '').padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (fen === '0') {
    return { error: 'The amount must be more than zero.' };
  }

  return { fen };
}

/** Integer fen (as the API returns it) -> "88.88"; signed when asked: "+88.88" / "-88.88". */
export function formatFen(fen, { signed = false } = {}) {
  const text = String(fen);
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(3, '0');
  const sign = negative ? '-' : signed && digits !== '000' ? '+' : '';
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "¥88.88", or signed "+¥88.88" / "-¥88.88", for people; the number in fen stays in a data attribute for machines. */
export function yuan(fen, options) {
  const text = formatFen(fen, options);
  return /^[+-]/.test(text) ? `${text[0]}¥${text.slice(1)}` : `¥${text}`;
}

/**
 * A JSON object whose money member is written from its digits, never through a JavaScript number.
 * `fen` comes from parseYuan, so it is digits only.
 */
export function jsonWithAmount(name, fen, fields) {
  if (!/^\d+$/.test(fen)) {
    throw new Error('fen must be digits');
  }

  const rest = JSON.stringify(fields ?? {}).slice(1, -1);
  return `{${JSON.stringify(name)}:${fen}${rest ? ',' + rest : ''}}`;
}
