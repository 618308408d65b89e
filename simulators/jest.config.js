// Unit specs and the broker integration spec live next to the code (src/**/*.spec.ts).
module.exports = { ...require('../jest.preset.js'), rootDir: 'src' };
