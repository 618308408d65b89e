// Unit tests of the console's logic; @ioc/shared is read from source like Vite does.
module.exports = {
  ...require('../jest.preset.js'),
  rootDir: 'src',
  testEnvironment: 'jsdom',
  setupFiles: ['<rootDir>/../jest.setup.js'],
  moduleNameMapper: { '^@ioc/shared$': '<rootDir>/../../shared/src/index.ts' },
};
