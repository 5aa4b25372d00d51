import { FabricError } from '../fabric/errors';

const PRINTABLE_TYPE = /^[A-Za-z0-9._-]{1,128}$/;

/** 400: the route names an item type this workload does not declare. */
export class UnknownItemTypeError extends FabricError {
  override readonly name = 'UnknownItemTypeError';
  constructor(itemType: string, served: readonly string[]) {
    const shown = PRINTABLE_TYPE.test(itemType) ? `Item type "${itemType}"` : 'The requested item type';
    super(`${shown} is not served by this workload; it serves: ${served.join(', ') || '(none)'}`, {
      status: 400,
      errorCode: 'UnknownItemType',
      source: 'User',
      isPermanent: true,
    });
  }
}
