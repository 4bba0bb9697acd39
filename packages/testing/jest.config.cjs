module.exports = require('./jest-integration.cjs');
