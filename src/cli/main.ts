declare const __AZTM_VERSION__: string;

const argv = process.argv.slice(2);
if (argv[0] === '--version' || argv[0] === '-v') {
  process.stdout.write(`${typeof __AZTM_VERSION__ === 'string' ? __AZTM_VERSION__ : 'dev'}\n`);
} else {
  process.stderr.write('aztm: the command line is being built; only --version works yet\n');
  process.exitCode = 2;
}
