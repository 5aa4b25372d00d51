/**
 * OneLake paths. Pure. An item's files live at `{workspaceId}/{itemId}/Files/...` (blob endpoint: container =
 * workspace, blob name = `{itemId}/Files/...`). Relative paths are checked so a job can never write outside
 * its own item folder.
 */
import { GUID } from '../fabric/guid';
import { OneLakePathInvalid } from './errors';

// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const SEGMENT = /^[^\\/:*?"<>|\u0000-\u001f]+$/;
export const MAX_PATH_LENGTH = 1024;

/** Validates `Files/...` inside an item and returns it unchanged. */
export function itemRelativePath(relativePath: string): string {
  if (typeof relativePath !== 'string' || relativePath.length === 0 || relativePath.length > MAX_PATH_LENGTH) {
    throw new OneLakePathInvalid(`OneLake path must have 1 to ${MAX_PATH_LENGTH} characters`);
  }
  const segments = relativePath.split('/');
  if (segments[0] !== 'Files' || segments.length < 2) throw new OneLakePathInvalid('OneLake path must start with Files/ and name a file');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || !SEGMENT.test(s) || s.endsWith('.') || s.trim() !== s) {
      throw new OneLakePathInvalid(`OneLake path segment "${s}" is not allowed`);
    }
  }
  return relativePath;
}

/** The blob URL of `{itemId}/{relativePath}` in workspace `workspaceId` under the OneLake blob endpoint. */
export function oneLakeFileUrl(endpoint: string, workspaceId: string, itemId: string, relativePath: string): string {
  if (!GUID.test(workspaceId) || !GUID.test(itemId)) throw new OneLakePathInvalid('workspaceId and itemId must be GUIDs');
  const path = itemRelativePath(relativePath).split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/, '')}/${workspaceId.toLowerCase()}/${itemId.toLowerCase()}/${path}`;
}
