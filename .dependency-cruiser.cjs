// Layers that point one way (README, "Architecture"), checked by `npm run lint`. Unit tests are left
// out: they may start the reference server in-process or reach across folders to build fixtures.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle-between-src-folders',
      comment: 'Two folders of src/ that import each other are one concern or a missing lower layer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'cli-is-an-entry-point',
      comment: 'cli/ holds thin entry points over src/; nothing else imports them.',
      severity: 'error',
      from: { pathNot: '^cli/' },
      to: { path: '^cli/' },
    },
    {
      name: 'reference-server-apart',
      comment: 'The reference server shares nothing with the suite, either way.',
      severity: 'error',
      from: { path: '^reference-server/' },
      to: { path: '^(src|cli|tests|selftest)/' },
    },
    {
      name: 'suite-does-not-import-the-reference-server',
      comment: 'The suite starts the reference server as a process (src/targets), never imports it.',
      severity: 'error',
      from: { path: '^(src|cli|tests)/' },
      to: { path: '^reference-server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^src/clients/fake-transport\\.ts$', '^src/perf/test-server\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
