/** Errors of the item service, each answered in Fabric's error body. */
import { FabricError } from '../fabric/errors';

/** 404: no such item (never created, hard-deleted, soft-deleted, or another tenant's). */
export class ItemNotFoundError extends FabricError {
  override readonly name = 'ItemNotFoundError';
  constructor(message = 'The item does not exist in this workload (never created, or deleted)') {
    super(message, { status: 404, errorCode: 'ItemMetadataNotFound', source: 'System', isPermanent: true });
  }
}

/** 409: a create names an item id that already holds a different item. */
export class ItemAlreadyExistsError extends FabricError {
  override readonly name = 'ItemAlreadyExistsError';
  constructor(message: string) {
    super(message, { status: 409, errorCode: 'ItemAlreadyExists', source: 'User', isPermanent: true });
  }
}

/** 409: the item exists with another item type than the route names. */
export class ItemTypeMismatchError extends FabricError {
  override readonly name = 'ItemTypeMismatchError';
  constructor() {
    super('The item exists with a different item type than the request names', { status: 409, errorCode: 'ItemTypeMismatch', source: 'User', isPermanent: true });
  }
}

/** 404: restore is impossible (unknown, hard-deleted, or past the soft-delete retention). Blocks the restore. */
export class ItemNotRestorableError extends FabricError {
  override readonly name = 'ItemNotRestorableError';
  constructor(message: string) {
    super(message, { status: 404, errorCode: 'ItemNotRestorable', source: 'User', isPermanent: true });
  }
}

/** 409, retryable: concurrent updates kept winning the race for every attempt. Nothing was lost; retry. */
export class ItemUpdateConflictError extends FabricError {
  override readonly name = 'ItemUpdateConflictError';
  constructor() {
    super('The item was changed concurrently by other requests; retry the update', { status: 409, errorCode: 'ItemUpdateConflict', source: 'System', isPermanent: false });
  }
}
