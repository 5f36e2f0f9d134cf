/**
 * The default jest run: unit and node suites, in parallel. Suites that assert a sustained send
 * rate (test/timing, test/integration) run afterwards on their own (jest.timing.config.js), so a
 * CPU-heavy suite next to them (the 100,000-payload fuzzing) cannot slow their clocks.
 * The real-n8n suites are in jest.e2e.config.js.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/timing/', '<rootDir>/test/integration/', '<rootDir>/test/faults/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testTimeout: 30000,
	maxWorkers: 2,
};
