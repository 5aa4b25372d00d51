/**
 * Everything inbound authentication needs, built from explicit settings: the signing-key source and the token
 * validator. Tests and the bench build their own; the app builds one (src/app.ts).
 */
import { jwksUrlFor } from './issuers';
import { JwksKeySource, type JwksKeySourceOptions, type SigningKeySource } from './key-source';
import type { InboundAuthSettings } from './settings';
import { createTokenValidator, type TokenValidator, type TokenValidatorOptions } from './validator';

export interface InboundAuth {
  readonly settings: InboundAuthSettings;
  readonly keys: SigningKeySource;
  readonly validator: TokenValidator;
  /** Stops background work (the JWKS refresh timer). */
  close(): void;
}

export interface InboundAuthOptions {
  /** Use this key source instead of one over `{authorityHost}/common/discovery/v2.0/keys`. */
  readonly keys?: SigningKeySource;
  /** Tuning of the default key source (timeouts, clock, scheduler...). */
  readonly keySource?: Omit<JwksKeySourceOptions, 'url'>;
  readonly validator?: TokenValidatorOptions;
}

export function createInboundAuth(settings: InboundAuthSettings, options: InboundAuthOptions = {}): InboundAuth {
  const keys = options.keys ?? new JwksKeySource({ ...options.keySource, url: jwksUrlFor(settings.authorityHost) });
  const validator = createTokenValidator(settings, keys, options.validator);
  return { settings, keys, validator, close: () => keys.close() };
}
