export { loadConfig, CREDENTIAL_TYPES } from './config';
export type { Config, CredentialConfig, CredentialType, LongRunningConfig, StorageConfig, Env } from './config';
export { ConfigError } from './errors';
export { SETTINGS } from './settings';
export type { SettingSpec, SettingName } from './settings';
