// Copies what tsc does not emit (icons, codex JSON, the event JSON Schema) next to the compiled nodes.
const { src, dest, task } = require('gulp');

task('build:static', () =>
	src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg,json}', 'icons/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
