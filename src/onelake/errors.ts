import { FabricError } from '../fabric/errors';

/** OneLake refused or failed a request; `status` is the HTTP status (undefined for network failures). */
export class OneLakeError extends FabricError {
  override readonly name = 'OneLakeError';
}

/** A relative path that would leave the item's Files folder or is not a valid OneLake path. */
export class OneLakePathInvalid extends Error {
  override readonly name = 'OneLakePathInvalid';
}
