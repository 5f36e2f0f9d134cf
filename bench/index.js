/**
 * Benchmark runner: `npm run bench` runs every `bench/*.bench.{js,ts}` module in its own process
 * (one module's load never skews another's figures), then prints all figures side by side.
 * A module exports `run()`, resolving to `{ title, figures: [{ name, value, unit?, target?, met? }] }`
 * or to a flat object of named figures.
 * Pass module names to run only some: `npm run bench -- throughput`.
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const only = process.argv.slice(2);
const modules = fs
	.readdirSync(__dirname)
	.filter((file) => /\.bench\.(js|ts)$/.test(file))
	.filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
	.sort();

function runModule(file) {
	return new Promise((resolve) => {
		const child = fork(path.join(__dirname, 'runOne.js'), [path.join(__dirname, file)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let result;
		child.on('message', (message) => (result = message));
		child.on('exit', (code) => resolve(result ?? { title: file, error: `exited with ${code} before reporting` }));
	});
}

/** A module may also return a flat object of figures: each key becomes one row. */
function figuresOf(result) {
	if (Array.isArray(result.figures)) return result.figures;
	return Object.entries(result)
		.filter(([key, value]) => !['file', 'title', 'error'].includes(key) && ['number', 'string'].includes(typeof value))
		.map(([name, value]) => ({ name, value }));
}

function cell(text, width) {
	return String(text).padEnd(width);
}

(async () => {
	const results = [];
	for (const file of modules) {
		process.stderr.write(`running ${file} ...\n`);
		results.push({ file, ...(await runModule(file)) });
	}
	const rows = [['module', 'figure', 'value', 'target', '']];
	for (const result of results) {
		if (result.error) rows.push([result.file, 'ERROR', result.error, '', '']);
		for (const figure of figuresOf(result)) {
			const value = typeof figure.value === 'number' ? `${Number(figure.value.toFixed(3))} ${figure.unit ?? ''}` : String(figure.value);
			const verdict = figure.met === undefined ? '' : figure.met ? 'met' : 'MISSED';
			rows.push([result.title ?? result.file.replace(/\.bench\.(js|ts)$/, ''), figure.name, value.trim(), figure.target ?? '', verdict]);
		}
	}
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
	for (const row of rows) console.log(row.map((text, column) => cell(text, widths[column])).join('  ').trimEnd());
	process.exitCode = results.some((result) => result.error) ? 1 : 0;
})();
