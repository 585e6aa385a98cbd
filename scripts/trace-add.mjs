// npm run trace:add -- FILE NAME --argv JSON --exit-code N [--result RESULT] [--force]
//
// Adds a trace written with `aztm ... --trace FILE` to the test suite: copies it to
// test/fixtures/traces/NAME.jsonl, next to NAME.json, the command to replay against it and what it
// must end with. test/trace/replay-traces.test.ts replays every one of them. The trace is checked
// first: JSON Lines of trace records, and no credential header other than `***`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseTraceLines, unredactedCredentials } from '../src/trace/trace-lines.ts';

const USAGE = `usage: npm run trace:add -- FILE NAME --argv JSON --exit-code N [--result RESULT] [--force]

  FILE         the trace (aztm ... --trace FILE)
  NAME         the fixture's name: lower-case letters, digits and hyphens
  --argv       the command that made the trace, as a JSON array, without --organization, --pat,
               --token and --trace (the test gives the replay server's URL and a token of its own):
               '["pipeline", "--project", "DevOps", "--pipeline", "Please Fail"]'
  --exit-code  the exit code the command ended with (0 to 5)
  --result     the "result" of its --json object (succeeded, failed, ...), when it printed one
  --force      replace a fixture of the same name`;

const RESULTS = ['succeeded', 'partiallySucceeded', 'failed', 'canceled', 'timedOut'];
/** Options the replay test gives itself; a token must never be committed. */
const GIVEN_BY_THE_TEST = ['--organization', '--pat', '--token', '--trace'];
const FOLDER = new URL('../test/fixtures/traces/', import.meta.url);

/** Ends the script with a message: 2 for bad usage, 1 for a trace that may not be added. */
function fail(message, code = 2) {
  console.error(`trace:add: ${message}`);
  if (code === 2) console.error(`\n${USAGE}`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      argv: { type: 'string' },
      'exit-code': { type: 'string' },
      result: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
const [file, name, ...extra] = positionals;
if (!file || !name || extra.length > 0) fail('give the trace FILE and a NAME');
if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
  fail(`NAME "${name}": lower-case letters, digits and hyphens`);
if (values.argv === undefined || values['exit-code'] === undefined) {
  fail('give --argv and --exit-code: the command that made the trace, and how it ended');
}

let argv;
try {
  argv = JSON.parse(values.argv);
} catch {
  fail('--argv must be a JSON array of strings');
}
if (!Array.isArray(argv) || argv.length === 0 || !argv.every((arg) => typeof arg === 'string')) {
  fail('--argv must be a JSON array of strings, the command first');
}
const given = argv.find((arg) => GIVEN_BY_THE_TEST.includes(arg.split('=')[0]));
if (given) fail(`--argv must not hold ${given.split('=')[0]}: the test gives it`);
const exitCode = Number(values['exit-code']);
if (!/^[0-5]$/.test(values['exit-code'])) fail('--exit-code must be 0, 1, 2, 3, 4 or 5');
if (values.result !== undefined && !RESULTS.includes(values.result)) {
  fail(`--result must be one of ${RESULTS.join(', ')}`);
}

let text;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  fail(`cannot read ${file} (${error.code ?? error.message})`, 1);
}
let records;
try {
  records = parseTraceLines(text, file);
} catch (error) {
  fail(`${error.message}: not a trace written with --trace`, 1);
}
const problems = unredactedCredentials(records, file);
if (problems.length > 0) fail(`the trace holds credentials:\n  ${problems.join('\n  ')}`, 1);

mkdirSync(FOLDER, { recursive: true });
const trace = new URL(`${name}.jsonl`, FOLDER);
const sidecar = new URL(`${name}.json`, FOLDER);
if (!values.force && (existsSync(trace) || existsSync(sidecar))) {
  fail(`test/fixtures/traces/${name}.jsonl exists: give another NAME, or --force`, 1);
}
copyFileSync(file, trace);
writeFileSync(
  sidecar,
  `${JSON.stringify({ argv, exitCode, result: values.result ?? null }, null, 2)}\n`,
);
console.log(
  `trace:add: added test/fixtures/traces/${name}.jsonl (${records.length} requests) and ${name}.json; npx vitest run test/trace/replay-traces.test.ts replays it`,
);
