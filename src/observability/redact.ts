/** Shows at most the last 4 characters of a token: "…abcd". */
export function last4(token: string | undefined): string {
  if (!token) return '(none)';
  return `…${token.slice(-4)}`;
}

/*
 * What redact() recognises, wherever it stands in the text (messages, URLs, headers, JSON, JSON inside JSON):
 * - a sealed long-running grant: `lrg1.` and what follows;
 * - the credential after `Bearer `, whatever its form (JWT, or opaque like Entra's `1.AXEA…` tokens);
 * - a compact JWS/JWT (its header starts with `eyJ`);
 * - the value after a secret-bearing key: any key ending in token, secret, assertion, password or signature
 *   (refreshToken, refresh_token, clientSecret, client_assertion, idToken, SharedAccessSignature…), AccountKey and sig
 *   (storage), and rt (the refresh token inside a grant).
 * An opaque token with none of these around it cannot be told from other text. Each match is replaced by a
 * placeholder that keeps the last 4 characters; placeholders start with `[`, which no pattern matches again.
 * Every pattern runs in time linear in the text (no pattern can rescan a long run from each of its positions).
 */
const GRANT = /\blrg1\.[A-Za-z0-9_.-]*/g;
/** Not an auth-param (`Bearer error="…"`, `Bearer realm="…"`), and long enough to be a credential, not a word. */
const BEARER = /\b(Bearer\s+)(?![A-Za-z_-]+=")(?!\[)([^\s"',;\\]{8,})/gi;
/** Runs of JWS characters: one holding `eyJ` with a dot after it holds a compact JWS from there on. */
const JWS_RUN = /[A-Za-z0-9_.-]+/g;
/** The end of a secret-bearing key (its start needs no matching), then `=` or `:` with optional quotes, spaces and
 * JSON escapes around it, then the value. */
const KEYED_SECRET = /(token|secret|assertion|password|signature|AccountKey|\bsig|\brt)(\\*["']?\s*[=:]\s*\\*["']?)(?!\[)([^"'&;,\s\\]{5,})/gi;

function redactJws(run: string, offset: number, text: string): string {
  const start = run.indexOf('eyJ');
  const placeholderTail = text[offset - 1] === '…';
  return start >= 0 && run.includes('.', start) && !placeholderTail ? `${run.slice(0, start)}[token ${last4(run)}]` : run;
}

/** Removes token and secret material from free text (error messages, URLs, serialized objects) before it is logged. */
export function redact(text: string): string {
  return text
    .replace(GRANT, (m) => `[grant ${last4(m)}]`)
    .replace(BEARER, (_m, scheme: string, v: string) => `${scheme}[redacted ${last4(v)}]`)
    .replace(JWS_RUN, redactJws)
    .replace(KEYED_SECRET, (_m, key: string, sep: string, v: string) => `${key}${sep}[redacted ${last4(v)}]`);
}
