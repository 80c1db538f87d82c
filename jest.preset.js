// One Jest set-up for every Node package: ESM TypeScript compiled by SWC, run under
// `node --experimental-vm-modules` (fhir-kit-client 2.x is ESM-only, so all our Node code is ESM).
// Type checking is done by `tsc --noEmit`, not by the test transform.

/**
 * @param {string} displayName
 * @param {{ integration?: boolean, testMatch?: string[] }} [options]
 */
export function nodeProject(displayName, options = {}) {
  const integration = options.integration ?? false;
  return {
    displayName: integration ? `${displayName}:int` : displayName,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'es6' },
        },
      ],
    },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch:
      options.testMatch ??
      (integration ? ['<rootDir>/src/**/*.int.test.ts', '<rootDir>/test/**/*.int.test.ts'] : ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts']),
    testPathIgnorePatterns: integration ? ['/node_modules/', '/dist/'] : ['/node_modules/', '/dist/', '\\.int\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
  };
}
