// Black-box tests: the built hub, console and simulators run as processes; tests talk to
// them over MQTT, HTTP, socket.io and a real Chromium. Build first (`npm run build`).
module.exports = {
  ...require('../jest.preset.js'),
  rootDir: '.',
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts', '<rootDir>/ui/**/*.ui.ts'],
  testTimeout: 120_000,
};
