/**
 * End-to-end suites against a real n8n (installed into a per-user cache on first use): one file at
 * a time, each starting its own n8n, simulator and, for queue mode, workers; and the documented
 * manual install of the packed package (test/install), which also needs the build. Long timeouts:
 * a cold n8n start takes about a minute on two cores.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e', '<rootDir>/test/install'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 600,
	verbose: true,
};
