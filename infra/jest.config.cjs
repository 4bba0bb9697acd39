module.exports = require('@tandem/toolchain/jest-preset');
