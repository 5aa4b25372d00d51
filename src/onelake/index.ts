export { OneLakeClient } from './onelake-client';
export { OneLakeError, OneLakePathInvalid } from './errors';
export type { OneLakeFile, OneLakeTokenProvider, OneLakeWriteOptions } from './onelake-client';
export { ONELAKE_SCOPE } from './scopes';
export { itemRelativePath, oneLakeFileUrl, MAX_PATH_LENGTH } from './paths';
