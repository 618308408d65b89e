// jsdom has no TextEncoder/TextDecoder, and @ioc/shared builds one when it is imported.
const { TextEncoder, TextDecoder } = require('node:util');
Object.assign(globalThis, { TextEncoder, TextDecoder });
