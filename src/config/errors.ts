/**
 * Thrown once at start-up with every configuration problem found, one line each, and at most one hint on what to do
 * next. Never carries secret values.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly hint?: string;
  constructor(
    readonly problems: readonly string[],
    { hint }: { readonly hint?: string } = {},
  ) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}${hint ? `\n${hint}` : ''}`);
    this.hint = hint;
  }
}
