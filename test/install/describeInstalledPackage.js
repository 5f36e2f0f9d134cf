/**
 * Run by the Node version under test (not by jest): loads an installed copy of the package the way
 * n8n does (the files listed in its package.json `n8n` section, each exporting a class named after
 * its file) and prints, as JSON, what each class describes and where `n8n-workflow` came from.
 *
 *   node describeInstalledPackage.js <installed package folder>
 */
'use strict';

const { readFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const packageDir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

/** n8n derives the class name from the file name; a mismatch would load nothing. */
function instantiate(file, suffix) {
	const className = basename(file, suffix);
	const Type = require(join(packageDir, file))[className];
	if (typeof Type !== 'function') throw new Error(`${file} does not export a class named ${className}`);
	return { className, instance: new Type() };
}

const nodes = manifest.n8n.nodes.map((file) => {
	const { className, instance } = instantiate(file, '.node.js');
	return { file, className, name: instance.description.name, displayName: instance.description.displayName };
});
const credentials = manifest.n8n.credentials.map((file) => {
	const { className, instance } = instantiate(file, '.credentials.js');
	return { file, className, name: instance.name, displayName: instance.displayName };
});

process.stdout.write(
	JSON.stringify({
		nodeVersion: process.version,
		packageVersion: manifest.version,
		n8nWorkflowFrom: require.resolve('n8n-workflow', { paths: [packageDir] }),
		nodes,
		credentials,
	}),
);
