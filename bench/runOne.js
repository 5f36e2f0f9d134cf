/** Runs one benchmark module (TypeScript is transpiled on load) and reports its figures over IPC. */
require('../scripts/register-ts.js');

(async () => {
	const file = process.argv[2];
	try {
		const loaded = require(file);
		const result = await loaded.run();
		process.send(result, () => process.exit(0));
	} catch (error) {
		process.send({ title: file, error: String((error && error.stack) || error) }, () => process.exit(1));
	}
})();
