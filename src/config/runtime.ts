import { loadConfig, type Config } from './config';

let cached: Config | undefined;

/** The process's configuration, loaded and validated once (throws ConfigError listing every problem). */
export function getConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Tests only: forget the cached configuration so the next getConfig() reads process.env again. */
export function resetConfigForTests(): void {
  cached = undefined;
}
