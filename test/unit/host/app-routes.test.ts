/**
 * The app's HTTP routes, as the local host collects them (its core API over an AppRegistry, provided as
 * `@azure/functions-core` the way the worker provides it): no two of them can match the same request. The Functions
 * host would give such a request to the first function by name, so the app must never depend on that order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCoreApi } from '../../../devtools/host/core/core-module';
import { AppRegistry } from '../../../devtools/host/core/registry';
import { overlappingRoutes } from '../../../devtools/host/http/route-overlap';
import { createHttpRoute, orderRoutes, type HttpRoute } from '../../../devtools/host/http/route-table';

const FUNCTIONS_DIR = join(__dirname, '..', '..', '..', 'src', 'functions');

const registrationFiles = () => readdirSync(FUNCTIONS_DIR).filter((f) => f.endsWith('.ts')).sort();

function registerApp(): AppRegistry {
  const registry = new AppRegistry();
  jest.isolateModules(() => {
    jest.doMock('@azure/functions-core', () => createCoreApi(registry, () => undefined), { virtual: true });
    for (const file of registrationFiles()) jest.requireActual(join(FUNCTIONS_DIR, file));
  });
  return registry;
}

describe("the app's HTTP routes", () => {
  const registry = registerApp();
  const routes: HttpRoute<string>[] = orderRoutes(
    registry.functions
      .filter((fn) => String(fn.trigger.type).toLowerCase() === 'httptrigger')
      .map((fn) => createHttpRoute(fn.name, fn.name, typeof fn.trigger.route === 'string' && fn.trigger.route !== '' ? fn.trigger.route : fn.name, fn.trigger.methods as string[] | undefined)),
  );

  it('are all collected (every registration file was loaded)', () => {
    const declared = registrationFiles().reduce((n, f) => n + (readFileSync(join(FUNCTIONS_DIR, f), 'utf8').match(/\bapp\.http\(/g)?.length ?? 0), 0);
    expect(declared).toBeGreaterThan(0);
    expect(routes).toHaveLength(declared);
    expect(routes.map((r) => r.name)).toEqual(expect.arrayContaining(['health', 'itemOnCreate', 'jobsWdkCancel', 'dataPlaneItemState']));
  });

  it('never overlap: no request can match two of them, so the host\'s route order never matters', () => {
    const pairs = overlappingRoutes(routes).map(([a, b]) => `${a.name} [${a.methods?.join(',') ?? 'ANY'}] ${a.template.template}  <->  ${b.name} [${b.methods?.join(',') ?? 'ANY'}] ${b.template.template}`);
    expect(pairs).toEqual([]);
  });
});
