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

const slow = { setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'] };

export default {
  projects: [
    project('unit'),
    project('workflows', slow),
    project('replay', slow),
    project('integration', slow),
    project('e2e', slow),
    project('browser', slow),
  ],
};
