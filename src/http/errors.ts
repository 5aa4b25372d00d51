import { FabricError } from '../fabric/errors';

/** 411: the body came without Content-Length (chunked); the Functions host would hand the app an empty body. */
export class LengthRequiredError extends FabricError {
  override readonly name = 'LengthRequiredError';
  constructor() {
    super('A request body must be sent with a Content-Length header, not with Transfer-Encoding', { status: 411, errorCode: 'LengthRequired', source: 'User', isPermanent: true });
  }
}
