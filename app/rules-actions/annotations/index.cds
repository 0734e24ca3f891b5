// Manage Rules and Actions: annotations by concern
using from './rules';
using from './chains';
using from './actions';
using from './dry-run';
