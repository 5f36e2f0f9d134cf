/**
 * Suites whose assertions include a sustained rate (at least 98 % of the limit, measured where
 * requests arrive): the limiter in one process and across processes through the real Redis; and
 * the fault suite (test/faults), which starts and breaks private Redis servers and counts lost
 * and duplicated messages under time-bound faults. One suite at a time, so only their own
 * processes compete for the CPU.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	roots: ['<rootDir>/test/timing', '<rootDir>/test/integration', '<rootDir>/test/faults'],
	testPathIgnorePatterns: ['/node_modules/'],
	maxWorkers: 1,
	// The fault suite resets and kills connections on purpose; a socket a reset left behind must
	// not hold the run open once every suite has finished.
	forceExit: true,
};
