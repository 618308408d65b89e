// Unit specs live next to the code (src/**/*.spec.ts), medium specs against the machine's
// PostgreSQL in test/medium; the hub's integration tests are black-box, in /test. NestJS 12
// ships ESM only, so a spec that imports it gets Nest's packages compiled to CommonJS by swc
// like our own sources. @ioc/shared is read from source, so specs run without building it.
const preset = require('../jest.preset.js');
const swc = preset.transform['^.+\\.ts$'];
module.exports = {
  ...preset,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  moduleNameMapper: { '^@ioc/shared$': '<rootDir>/../shared/src/index.ts' },
  transform: { ...preset.transform, '^.+\\.m?js$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|aedes|file-type|uint8array-extras|token-types|strtok3|@tokenizer|load-esm)/)',
  ],
  testTimeout: 60_000,
};
