/**
 * The dependency rules `npm test` checks (docs/ARCHITECTURE.md, "The layer rule"): no cycle, and every
 * import points down the pipeline. A module may import its own layer and the layers below it, never one
 * above. Parsed with swc because dependency-cruiser cannot read TypeScript 7 (tsgo) sources; swc keeps
 * type-only imports, so a cycle of types counts too.
 */
const LAYERS = [
  { name: 'base', path: '^src/(core|data|kernels|fs)/|^src/(errors|duration)\\.ts$' },
  { name: 'sweep', path: '^src/sweep/' },
  { name: 'journal', path: '^src/journal/' },
  { name: 'calibrate', path: '^src/calibrate/' },
  { name: 'execute', path: '^src/execute/' },
  { name: 'launch', path: '^src/launch/' },
  { name: 'distributed', path: '^src/distributed/' },
  { name: 'run', path: '^src/run/' },
  { name: 'report', path: '^src/report/' },
  { name: 'cli', path: '^src/cli/' },
  { name: 'public surface', path: '^src/index\\.ts$' },
];

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-import-from-${layer.name.replace(/ /g, '-')}`,
  comment: `${layer.name} may import only itself and ${LAYERS.slice(0, i).map((l) => l.name).join(', ') || 'nothing else in src/'}`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => `(${l.path})`).join('|') },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle ties two files into one concept: move the shared type to the file of its concept',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'every import must resolve to a file or a package',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    ...upward,
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
  },
};
