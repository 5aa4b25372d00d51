/** Fabric's error body (swagger `ErrorResponse` / `ErrorDetails`), camelCase as in the swagger. */
export type ErrorSource = 'System' | 'User' | 'External';

export interface NameValuePair {
  readonly name: string;
  readonly value: string;
}

export interface ErrorExtendedInformation {
  readonly errorCode: string;
  readonly message: string;
  readonly messageParameters?: readonly string[];
  readonly additionalParameters?: readonly NameValuePair[];
}

export interface ErrorBody {
  readonly errorCode: string;
  readonly message: string;
  readonly messageParameters?: readonly string[];
  readonly source: ErrorSource;
  readonly isPermanent: boolean;
  readonly moreDetails?: readonly ErrorExtendedInformation[];
}
