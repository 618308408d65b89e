// Unit specs and the broker integration spec live next to the code (src/**/*.spec.ts);
// @ioc/shared is read from source, so specs run without building it first.
module.exports = {
  ...require('../jest.preset.js'),
  rootDir: 'src',
  moduleNameMapper: { '^@ioc/shared$': '<rootDir>/../../shared/src/index.ts' },
};
