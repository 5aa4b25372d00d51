/** The simulator's command line, item types and content merging, without a sandbox (nothing here makes a call). */
import { PassThrough } from 'node:stream';
import { defineItemType, ITEM_PERMISSIONS, createItemTypeRegistry } from '../../../src/catalog';
import { ITEM_TYPES } from '../../../src/workload/item-types';
import { checkOptions, parseArgs, UsageError } from '../../../devtools/fabric-sim/args';
import { parsePermissions, runSimulator } from '../../../devtools/fabric-sim/commands';
import { mergeIntoPart } from '../../../devtools/fabric-sim/content';
import { jsonDefinition } from '../../../devtools/fabric-sim/endpoint-client';
import { fieldOptionNames, pickItemType, pickJobType, readFields, workloadNameOf } from '../../../devtools/fabric-sim/item-types';

const handler = async () => undefined;
const notes = defineItemType({ name: 'Notes', cli: { part: 'notes.json', fields: { title: { type: 'string', default: 'untitled' }, pinned: { type: 'boolean' } } }, jobs: { Export: { timeoutSeconds: 5, handler }, Index: { timeoutSeconds: 5, handler } } });
const registry = createItemTypeRegistry('Org.Test', [...ITEM_TYPES, notes]);

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runSimulator([...argv, '--state', '/nonexistent/sandbox.json'], { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('options', () => {
  it('refuses an option the command does not have, and a repeated one', () => {
    expect(() => checkOptions(parseArgs(['create-job', '--step', '3'], []), 'create-job', ['item', 'steps'])).toThrow('create-job has no option --step (did you mean --steps?). Its options: --item --steps');
    expect(() => checkOptions(parseArgs(['info', '--colour'], []), 'info', ['json'])).toThrow('info has no option --colour. Its options: --json');
    expect(() => checkOptions(parseArgs(['info', 'extra'], []), 'info', [])).toThrow('info takes no argument "extra"');
    expect(() => parseArgs(['--item', 'a', '--item', 'b'], [])).toThrow('--item is given twice');
    expect(() => parseArgs(['--wdk=yes'], ['wdk'])).toThrow(UsageError);
  });

  it('exits 2 on an unknown option before looking for a sandbox, with --json as one object', async () => {
    const r = await cli('create-job', '--type', 'Calculator', '--item', '3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b', '--step', '3');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^create-job has no option --step \(did you mean --steps\?\)\. Its options: .*--steps --step-delay-ms/);
    expect(r.stderr).toContain('Usage: npm run fabric -- create-job');
    const j = await cli('create-job', '--step', '3', '--json');
    expect(JSON.parse(j.stdout)).toEqual({ ok: false, command: 'create-job', error: { code: 'UsageError', message: expect.stringContaining('--step') } });
  });

  it('says there is no sandbox (exit 1) once the command line is right', async () => {
    const r = await cli('health', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'SandboxNotRunning', message: expect.stringContaining('npm run dev') } });
  });

  it("shows a command's help with the options each type declares", async () => {
    const r = await cli('help', 'create-item');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--type Calculator: content options (definition part definition.json)');
    expect(r.stdout).toContain('--operator add|subtract|multiply|divide   the operation, default add');
  });
});

describe('item types from the registry', () => {
  it('picks a type by short or full name, and asks when several are served', () => {
    expect(pickItemType(registry, 'notes').fullName).toBe('Org.Test.Notes');
    expect(pickItemType(registry, 'Org.Test.Calculator').spec.name).toBe('Calculator');
    expect(() => pickItemType(registry, undefined)).toThrow('several item types (Calculator, Notes): say which with --type');
    expect(() => pickItemType(registry, 'Nope')).toThrow('--type Nope: this workload serves Calculator, Notes');
    expect(pickJobType(registry, pickItemType(registry, 'Calculator'), undefined).fullName).toBe('Org.Test.Calculator.Calculate');
    expect(() => pickJobType(registry, pickItemType(registry, 'Notes'), undefined)).toThrow('several jobs (Export, Index)');
  });

  it('reads declared fields from their options, with defaults only on create', () => {
    const fields = notes.cli!.fields;
    expect(readFields({ pinned: 'true' }, fields, { defaults: true })).toEqual({ title: 'untitled', pinned: true });
    expect(readFields({ pinned: 'true' }, fields, { defaults: false })).toEqual({ pinned: true });
    expect(readFields({}, fields, { defaults: false })).toBeUndefined();
    expect(() => readFields({ pinned: 'yes' }, fields, { defaults: false })).toThrow('--pinned must be true or false');
    const calc = pickItemType(registry, 'Calculator').spec.cli!.fields;
    expect(() => readFields({ operator: 'power' }, calc, { defaults: false })).toThrow('--operator must be one of add, subtract, multiply, divide');
    expect(() => readFields({ operand1: 'six' }, calc, { defaults: false })).toThrow('--operand1 must be a number');
  });

  it("refuses a declared field whose option is one of the command's own", () => {
    expect(fieldOptionNames(notes.cli!.fields, ['item', 'json'])).toEqual(['title', 'pinned']);
    expect(() => fieldOptionNames({ description: { type: 'string' } }, ['item', 'description'])).toThrow('--description is also the simulator');
  });

  it('takes the workload name from the sandbox audience unless given', () => {
    expect(workloadNameOf(undefined, 'api://localdevinstance/t/Org.Mine')).toBe('Org.Mine');
    expect(workloadNameOf(undefined, undefined)).toBe('Org.FabricRemoteEndpoint');
    expect(() => workloadNameOf('Mine', undefined)).toThrow(UsageError);
  });

  it('refuses a malformed cli declaration at start-up', () => {
    expect(() => defineItemType({ name: 'Bad', cli: { part: 'x.json', fields: { 'Bad-Name': { type: 'string' } } } })).toThrow('CLI field "Bad-Name"');
    expect(() => defineItemType({ name: 'Bad', cli: { part: 'x.json', fields: { n: { type: 'integer', default: 1.5 } } } })).toThrow('must be a whole number');
  });
});

describe('content', () => {
  it('merges only the given fields into the stored part and keeps the other parts', () => {
    const platform = { path: '.platform', payload: Buffer.from('{}').toString('base64'), payloadType: 'InlineBase64' as const };
    const stored = { parts: [...jsonDefinition('definition.json', { operand1: 4, operand2: 2, operator: 'divide' }).parts, platform] };
    const merged = mergeIntoPart(stored, 'definition.json', { operand2: 0 });
    expect(JSON.parse(Buffer.from(merged.parts[0].payload, 'base64').toString('utf8'))).toEqual({ operand1: 4, operand2: 0, operator: 'divide' });
    expect(merged.parts[1]).toEqual(platform);
    expect(() => mergeIntoPart({ parts: [platform] }, 'definition.json', { operand2: 0 })).toThrow('no definition part definition.json');
  });

  it("accepts only Fabric's item permission names, in Fabric's spelling", () => {
    expect(parsePermissions('read, WRITE,Read')).toEqual(['Read', 'Write']);
    expect(parsePermissions('none')).toEqual([]);
    expect(() => parsePermissions('Read,Admin')).toThrow(`"Admin" is not a Fabric item permission (${ITEM_PERMISSIONS.join(', ')}; or none)`);
  });
});
