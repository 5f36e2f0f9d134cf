import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.cjs'] },
	...tseslint.configs.recommended,
	{
		// The community-nodes package.json rules read package.json through the TypeScript parser.
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		rules: { '@typescript-eslint/no-unused-expressions': 'off' },
	},
	// This package targets self-hosted n8n (regular and queue mode), so we use the plugin's
	// self-hosted preset rather than the n8n Cloud one. Its rules govern what ships in the package (nodes,
	// credentials, package.json); tests, scripts and benchmarks are not part of it.
	{
		...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'index.ts', 'package.json'],
	},
	{
		files: ['package.json'],
		rules: {
			// Deliberate: the limiter (bottleneck), the shared Redis state (ioredis), the HTTP pool
			// (undici) and boundary validation (zod) are runtime dependencies. Self-hosted n8n
			// installs community packages with their dependencies; n8n Cloud verification, which
			// forbids them, is out of scope for this package.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
	},
];
