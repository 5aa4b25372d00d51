/**
 * The layers of src/ (docs/architecture.md), checked by `npm run lint`: no import cycle, and no import from a lower
 * layer to a higher one. Imports within a layer are allowed (still without cycles).
 *
 *   entry      src/main.ts, src/index.ts, src/functions/, src/root.ts (the lazy seam to the root)
 *   root       src/app.ts (the composition root), src/handlers.ts (every function's handler over it)
 *   services   items, jobs, data-plane, health, endpoint-resolution; workload (this workload's item types)
 *   catalog    catalog (item and job type contracts, registry, helpers)
 *   adapters   auth, storage, credentials, tokens, onelake, fabric-api, http, observability, config
 *   kernel     fabric (Fabric's error body, FabricError, GUIDs, wire enums); shared (clock, single flight, lazy, retry)
 */
const LAYERS = {
  entry: ['src/(main|index|root)\\.ts$', 'src/functions/'],
  root: ['src/(app|handlers)\\.ts$'],
  services: ['src/(items|jobs|data-plane|health|endpoint-resolution|workload)/'],
  catalog: ['src/catalog/'],
  adapters: ['src/(auth|storage|credentials|tokens|onelake|fabric-api|http|observability|config)/'],
  kernel: ['src/fabric/', 'src/shared/'],
};
const ORDER = ['entry', 'root', 'services', 'catalog', 'adapters', 'kernel'];

/** One rule per layer: it imports nothing from the layers above it. */
const upward = ORDER.slice(1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} must not import from ${ORDER.slice(0, i + 1).join(', ')} (docs/architecture.md)`,
  severity: 'error',
  from: { path: LAYERS[layer] },
  to: { path: ORDER.slice(0, i + 1).flatMap((above) => LAYERS[above]) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle in src/ (docs/architecture.md)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'workload-only-from-root',
      comment: "This workload's item types are handed to the services by src/app.ts only: the services know the catalog, not the types",
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/app\\.ts$', '^src/workload/'] },
      to: { path: '^src/workload/' },
    },
    {
      name: 'every-module-in-a-layer',
      comment: 'A new folder under src/ gets a layer in .dependency-cruiser.cjs and docs/architecture.md',
      severity: 'error',
      from: { path: '^src/', pathNot: Object.values(LAYERS).flat() },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
