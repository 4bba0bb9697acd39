module.exports = require('@tandem/testing/jest-integration');
