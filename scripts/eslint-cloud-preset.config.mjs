// n8n's verified-node (Cloud) preset of the community-nodes plugin, applied to what the package
// ships. Not part of `npm run lint`, which uses the self-hosted preset (eslint.config.mjs): this
// one lists where the package departs from the verified rules, and test/release/verifiedRules.test.ts
// holds those departures to the ones docs/verified-rules.md explains.
//   npx eslint -c scripts/eslint-cloud-preset.config.mjs nodes credentials index.ts package.json
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['dist/**', 'build/**', 'node_modules/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
	{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'index.ts', 'package.json'],
	},
];
