// The persistence model, split by concern.
using from './contract';
using from './codes';
using from './config';
using from './log';
using from './constraints';
using from './notification-status';
