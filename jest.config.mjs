const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const project = (name, extra = {}) => ({
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.spec.ts`],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  ...extra,
});

export default {
  projects: [
    project('unit'),
    project('workflows', { testTimeout: 120_000 }),
    project('replay', { testTimeout: 120_000 }),
    project('integration', { testTimeout: 120_000 }),
    project('e2e', { testTimeout: 300_000 }),
    project('browser', { testTimeout: 300_000 }),
  ],
};
