// Monitor Events and Actions: annotations by concern
using from './events';
using from './analytics';
using from './breakers';
