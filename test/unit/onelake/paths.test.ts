import { itemRelativePath, oneLakeFileUrl } from '../../../src/onelake/paths';
import { OneLakePathInvalid } from '../../../src/onelake/errors';

const WS = 'AAAAAAAA-0000-4000-8000-000000000001';
const ITEM = 'bbbbbbbb-0000-4000-8000-000000000002';

describe('OneLake paths', () => {
  it('builds the blob URL: container = workspace, blob = {itemId}/Files/...', () => {
    expect(oneLakeFileUrl('https://onelake.blob.fabric.microsoft.com/', WS, ITEM, 'Files/calculations/a b.json')).toBe(
      `https://onelake.blob.fabric.microsoft.com/${WS.toLowerCase()}/${ITEM}/Files/calculations/a%20b.json`,
    );
    expect(oneLakeFileUrl('https://localhost:1234/devstoreaccount1', WS, ITEM, 'Files/x.json')).toBe(`https://localhost:1234/devstoreaccount1/${WS.toLowerCase()}/${ITEM}/Files/x.json`);
  });

  it.each(['', 'x.json', 'Tables/x', 'Files', 'Files/', 'Files//x', 'Files/../x', 'Files/./x', 'Files/a\\b', 'Files/a:b', 'Files/trailing.', 'Files/ spaced', `Files/${'x'.repeat(1100)}`])(
    'refuses %p',
    (p) => {
      expect(() => itemRelativePath(p)).toThrow(OneLakePathInvalid);
    },
  );

  it('refuses ids that are not GUIDs (no path injection through them)', () => {
    expect(() => oneLakeFileUrl('https://x', '../other', ITEM, 'Files/a')).toThrow(OneLakePathInvalid);
    expect(() => oneLakeFileUrl('https://x', WS, 'a/b', 'Files/a')).toThrow(OneLakePathInvalid);
  });
});
