import { intOption, parseArgs, stringOption, UsageError } from '../../../devtools/fabric-sim/args';
import { jsonDefinition } from '../../../devtools/fabric-sim/endpoint-client';
import { formatDuration, formatProgress, parseJobProgress } from '../../../devtools/fabric-sim/progress';
import { expectedCalculation, shortPath } from '../../../devtools/fabric-sim/scenario';

describe('simulator arguments', () => {
  it('parses positionals, --name value, --name=value and boolean flags', () => {
    expect(parseArgs(['consent-error', 'on', '--state', 'f.json', '--steps=3', '--wdk'], ['wdk'])).toEqual({ positional: ['consent-error', 'on'], options: { state: 'f.json', steps: '3', wdk: true } });
    expect(() => stringOption(parseArgs(['--item'], []).options, 'item')).toThrow('--item needs a value');
  });

  it('checks numeric options', () => {
    expect(intOption({ steps: '4' }, 'steps', 5, 1, 10)).toBe(4);
    expect(intOption({}, 'steps', 5, 1, 10)).toBe(5);
    expect(() => intOption({ steps: '0' }, 'steps', 5, 1, 10)).toThrow(/from 1 to 10/);
    expect(() => intOption({ steps: '1.5' }, 'steps', 5, 1, 10)).toThrow(UsageError);
  });
});

describe('what the simulator sends and shows', () => {
  it('builds a one-part InlineBase64 definition as Fabric sends it', () => {
    const d = jsonDefinition('definition.json', { operand1: 1 });
    expect(d.parts).toEqual([{ path: 'definition.json', payload: Buffer.from('{"operand1":1}').toString('base64'), payloadType: 'InlineBase64' }]);
  });

  it('computes the expected Calculate result', () => {
    expect(expectedCalculation({ operand1: 6, operand2: 7, operator: 'multiply' }, 3)).toBe(2058);
    expect(expectedCalculation({ operand1: 6, operand2: 7, operator: 'add' }, 1)).toBe(13);
    expect(expectedCalculation({ operand1: 8, operand2: 2, operator: 'divide' }, 2)).toBe(2);
    expect(expectedCalculation({ operand1: 1, operand2: 2, operator: 'subtract' }, 2)).toBe(-3);
  });

  it('draws progress from Job-Progress when present, else from the expected duration; full only when completed', () => {
    expect(parseJobProgress('3/5')).toEqual({ completed: 3, total: 5 });
    expect(parseJobProgress('6/5')).toBeUndefined();
    expect(parseJobProgress('x')).toBeUndefined();
    expect(parseJobProgress(null)).toBeUndefined();
    expect(formatProgress('InProgress', 6000, 0, { completed: 1, total: 2 })).toBe('[##########----------] InProgress 1/2 steps 00:06');
    expect(formatProgress('InProgress', 100_000, 1000)).toBe(`[${'#'.repeat(19)}-] InProgress 01:40`);
    expect(formatProgress('Completed', 1000, 1000)).toBe(`[${'#'.repeat(20)}] Completed  00:01`);
    // A watch that ends when the job is InProgress (or Cancelled) shows the steps done, not a full bar.
    expect(formatProgress('InProgress', 1000, 0, { completed: 1, total: 60 })).toBe(`[${'-'.repeat(20)}] InProgress 1/60 steps 00:01`);
    expect(formatProgress('Cancelled', 3000, 0, { completed: 30, total: 60 })).toBe(`[${'#'.repeat(10)}${'-'.repeat(10)}] Cancelled  30/60 steps 00:03`);
    expect(formatProgress('InProgress', 1000, 0)).toBe(`[${'-'.repeat(20)}] InProgress 00:01`);
    expect(formatDuration(61_000)).toBe('01:01');
  });

  it('shortens GUIDs in displayed paths', () => {
    expect(shortPath('/workspaces/0b8a7e3c-4f1d-4a52-9c1e-2f7a5e6d8c90/items/x')).toBe('/workspaces/0b8a7e3c…/items/x');
  });
});
