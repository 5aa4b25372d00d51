export { OneLakeClient, OneLakeError } from './onelake-client';
export type { OneLakeFile, OneLakeTokenProvider, OneLakeWriteOptions } from './onelake-client';
export { ONELAKE_SCOPE } from './scopes';
export { itemRelativePath, oneLakeFileUrl, OneLakePathInvalid, MAX_PATH_LENGTH } from './paths';
