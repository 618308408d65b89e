// Unit specs live next to the code (src/**/*.spec.ts); integration specs in test/ start the
// built hub as a child process and talk to it over MQTT, HTTP and socket.io.
module.exports = {
  ...require('../jest.preset.js'),
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testTimeout: 60_000,
};
