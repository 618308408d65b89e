// Unit specs live next to the code (src/**/*.spec.ts); "medium" specs in test/ run services
// against the real SQLite and PostgreSQL with the real migrations. NestJS 12 ships ESM only,
// so its packages are compiled to CommonJS by swc like our own sources.
const preset = require('../jest.preset.js');
const swc = preset.transform['^.+\\.ts$'];
module.exports = {
  ...preset,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  transform: { ...preset.transform, '^.+\\.m?js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|aedes|file-type|uint8array-extras|token-types|strtok3|@tokenizer|load-esm)/)'],
  testTimeout: 60_000,
};
