/** Shows at most the last 4 characters of a token: "…abcd". */
export function last4(token: string | undefined): string {
  if (!token) return '(none)';
  return `…${token.slice(-4)}`;
}

// Compact JWS/JWT (header starts with eyJ), and long opaque secrets after common key words.
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
const KEYED_SECRET = /((?:client_secret|assertion|access_token|refresh_token|id_token|password|AccountKey|sig|secret)["']?\s*[=:]\s*["']?)([^"'&;,\s]{5,})/gi;

/** Removes token and secret material from free text (error messages, URLs) before it is logged. */
export function redact(text: string): string {
  return text.replace(JWT, (m) => `[token ${last4(m)}]`).replace(KEYED_SECRET, (_m, k: string, v: string) => `${k}[redacted ${last4(v)}]`);
}
