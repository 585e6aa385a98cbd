import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAztm } from '../helpers/run-in-process.ts';
import { createRequests, e2eEnv, startE2ESimulator } from '../helpers/e2e.ts';
import { expectRefused, type BadInput } from '../helpers/e2e-runs.ts';

const P = ['pipeline', '--pipeline-id', '42'];

const CASES: BadInput[] = [
  // Malformed JSON.
  {
    what: 'malformed --variables',
    args: [...P, '--variables', '{imageTag: v2}'],
    code: 2,
    says: ['--variables is not valid JSON'],
  },
  {
    what: 'malformed --template-parameters',
    args: [...P, '--template-parameters', '{"env": '],
    code: 2,
    says: ['--template-parameters is not valid JSON'],
  },
  {
    what: 'malformed --artifacts (release)',
    args: ['release', '--release-id', '13', '--artifacts', '{"app": 1204'],
    code: 2,
    says: ['--artifacts is not valid JSON'],
  },
  {
    what: 'a malformed JSON array in --stages-to-skip',
    args: [...P, '--stages-to-skip', '["Build",'],
    code: 2,
    says: ['--stages-to-skip', 'not valid JSON'],
  },
  // Wrong types.
  {
    what: '--variables as an array',
    args: [...P, '--variables', '["imageTag"]'],
    code: 2,
    says: ['--variables must be a JSON object', 'got an array'],
  },
  {
    what: 'a variable given as an object without value',
    args: [...P, '--variables', '{"imageTag": {"isSecret": true}}'],
    code: 2,
    says: ['--variables', 'variable "imageTag"'],
  },
  {
    what: '--template-parameters as a string',
    args: [...P, '--template-parameters', '"prod"'],
    code: 2,
    says: ['--template-parameters must be a JSON object', 'got a string'],
  },
  // The command line itself.
  {
    what: 'an unknown option',
    args: [...P, '--pipline', 'x'],
    code: 2,
    says: ['unknown option --pipline; did you mean --pipeline?'],
  },
  {
    what: 'a flag option given a value',
    args: [...P, '--json=yes'],
    code: 2,
    says: ['--json takes no value'],
  },
  {
    what: 'an option without its value',
    args: [...P, '--timeout'],
    code: 2,
    says: ['--timeout needs a value'],
  },
  {
    what: 'a boolean variable that is not a boolean',
    args: P,
    env: { aztm_dry_run: 'maybe' },
    code: 2,
    says: ['aztm_dry_run must be true or false'],
  },
  // Missing or conflicting inputs.
  {
    what: 'no organization',
    args: P,
    env: { aztm_organization: '' },
    code: 2,
    says: ['the organization is missing: give --organization'],
  },
  {
    what: 'no project',
    args: P,
    env: { aztm_project: '' },
    code: 2,
    says: ['the project is missing: give --project'],
  },
  {
    what: 'no token at all',
    args: P,
    // Only node on the PATH: with an `az` there, `--auth auto` would sign in with it instead.
    env: { aztm_pat: '', PATH: dirname(process.execPath) },
    code: 2,
    says: ['no credentials', '--pat', '--token', 'SYSTEM_ACCESSTOKEN'],
  },
  {
    what: 'neither --pipeline-id nor --pipeline',
    args: ['pipeline'],
    code: 2,
    says: ['the pipeline is missing: give --pipeline-id or --pipeline'],
  },
  {
    what: 'both --pipeline-id and --pipeline',
    args: [...P, '--pipeline', 'deploy-gateway'],
    code: 2,
    says: ['--pipeline-id and --pipeline were both given'],
  },
  {
    what: 'both --pipeline-id and aztm_pipeline',
    args: P,
    env: { aztm_pipeline: 'notify' },
    code: 2,
    says: ['--pipeline-id and --pipeline were both given'],
  },
  // Ids.
  {
    what: 'a non-numeric --pipeline-id',
    args: ['pipeline', '--pipeline-id', 'abc'],
    code: 2,
    says: ['--pipeline-id must be a positive whole number; got "abc"'],
  },
  {
    what: 'a zero --pipeline-id',
    args: ['pipeline', '--pipeline-id', '0'],
    code: 2,
    says: ['--pipeline-id must be a positive whole number; got "0"'],
  },
  {
    what: 'a negative --pipeline-id',
    args: ['pipeline', '--pipeline-id=-3'],
    code: 2,
    says: ['--pipeline-id must be a positive whole number; got "-3"'],
  },
  {
    what: 'a negative --pipeline-id, as a separate argument',
    args: ['pipeline', '--pipeline-id', '-3'],
    code: 2,
    says: ["'--pipeline-id'"],
  },
  {
    what: 'a negative aztm_pipeline_id',
    args: ['pipeline'],
    env: { aztm_pipeline_id: '-3' },
    code: 2,
    says: ['--pipeline-id must be a positive whole number'],
  },
  {
    what: 'a fractional --definition-id',
    args: ['build', '--definition-id', '1.5'],
    code: 2,
    says: ['--definition-id must be a positive whole number; got "1.5"'],
  },
  {
    what: 'a zero --run-id',
    args: ['watch', '--run-id', '0'],
    code: 2,
    says: ['--run-id must be a positive whole number'],
  },
  // Durations and choices.
  {
    what: 'a --timeout that is no duration',
    args: [...P, '--timeout', '5x'],
    code: 2,
    says: ['--timeout must be a duration like 90s, 45m, 2h or a number of seconds; got "5x"'],
  },
  {
    what: 'a negative --timeout',
    args: [...P, '--timeout=-5m'],
    code: 2,
    says: ['--timeout must be a duration like 90s, 45m, 2h or a number of seconds; got "-5m"'],
  },
  {
    what: 'a negative aztm_poll_interval',
    args: P,
    env: { aztm_poll_interval: '-10' },
    code: 2,
    says: ['--poll-interval must be a duration'],
  },
  {
    what: 'a --timeout of zero',
    args: [...P, '--timeout', '0'],
    code: 2,
    says: ['--timeout must be at least 1s'],
  },
  {
    what: 'an aztm_timeout that is no duration',
    args: P,
    env: { AZTM_TIMEOUT: 'soon' },
    code: 2,
    says: ['--timeout must be a duration'],
  },
  {
    what: 'a --poll-interval that is no duration',
    args: [...P, '--poll-interval', 'often'],
    code: 2,
    says: ['--poll-interval must be a duration'],
  },
  {
    what: 'a --poll-interval below 0.1s',
    args: [...P, '--poll-interval', '10ms'],
    code: 2,
    says: ['--poll-interval must be at least 0.1s'],
  },
  {
    what: 'a bad --on-timeout',
    args: [...P, '--on-timeout', 'stop'],
    code: 2,
    says: ['--on-timeout must be one of cancel, leave; got "stop"'],
  },
  {
    what: 'a bad --on-interrupt',
    args: [...P, '--on-interrupt', 'ignore'],
    code: 2,
    says: ['--on-interrupt must be one of cancel, leave; got "ignore"'],
  },
  {
    what: 'a bad --show-logs',
    args: [...P, '--show-logs', 'some'],
    code: 2,
    says: ['--show-logs must be one of failed, all, none; got "some"'],
  },
  // Words of no option: the rest of a value the shell split, never silently dropped.
  {
    what: 'a value with spaces not quoted (--description Nightly scan run)',
    args: ['release', '--release-id', '13', '--description', 'Nightly', 'scan', 'run'],
    code: 2,
    says: [
      'aztm release takes no words of its own; unexpected "scan run"; to give --description a value with spaces, quote it: --description "Nightly scan run"',
    ],
  },
  {
    what: 'a stray word before the options',
    args: ['pipeline', 'deploy', '--pipeline-id', '42'],
    code: 2,
    says: ['aztm pipeline takes no words of its own; unexpected "deploy"'],
  },
  {
    what: 'a second id after --run-id (no hint to quote a number)',
    args: ['watch', '--run-id', '5', '6'],
    code: 2,
    says: ['aztm watch takes no words of its own; unexpected "6"\n'],
  },
  // watch needs exactly one thing to follow.
  {
    what: 'watch with both --run-id and --release',
    args: ['watch', '--run-id', '1000', '--release', '100'],
    code: 2,
    says: ['give the run or release once: --run-id and --release were both given'],
  },
  {
    what: 'watch with neither --run-id nor --release',
    args: ['watch'],
    code: 2,
    says: ['the run or release is missing: give --run-id or --release (or their aztm_* variables)'],
  },
];

describe('bad inputs: refused before anything is triggered', () => {
  it.each(CASES)('refuses $what (exit $code)', expectRefused);
});

describe('a malformed --variables', () => {
  it.each([
    '{"password": {"value": "hunter2-secret", "isSecret": true}, "tag": v2}',
    '{"password": {"value": "hunter2-secret", "isSecret": true},}',
  ])('is refused without echoing its text, which may hold a secret: %s', async (variables) => {
    const sim = await startE2ESimulator();
    const result = await runAztm(['pipeline', '--pipeline-id', '42', '--variables', variables], {
      env: e2eEnv(sim, { TF_BUILD: 'True' }),
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aztm: --variables is not valid JSON/);
    expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2');
    expect(createRequests(sim)).toEqual([]);
  });
});
