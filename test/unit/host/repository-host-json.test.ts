/**
 * The repository's host.json logging: the host logs every Azure SDK request (category Azure.Core) at Information,
 * about two a second with queue polling, each an Application Insights trace; only its warnings are kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prop } from '../../../devtools/host/app/host-json';

const hostJson: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'host.json'), 'utf8'));
const logLevel = prop(prop(hostJson, 'logging'), 'logLevel');

describe('host.json logging', () => {
  it('logs Azure.Core (the SDK request log) at Warning while the default stays Information', () => {
    expect(prop(logLevel, 'default')).toBe('Information');
    expect(prop(logLevel, 'Azure.Core')).toBe('Warning');
  });
});
