import { ScaledClock } from '../../simulator/clock.ts';
import { startSimulator } from '../../simulator/index.ts';
import { DEFAULT_SCENARIO_YAML } from '../../simulator/scenario/default-scenario.ts';
import type { CommandContext } from '../command-context.ts';
import { UsageError } from '../../errors.ts';
import { EXIT } from '../../end-mapping.ts';
import { readPort, readReplay, readScenario, readSpeed, readTls } from '../simulator-options.ts';
import { untilStopped } from '../stop-signal.ts';
import { runReplay } from './simulate-replay.ts';

/**
 * `aztm simulate`: serves the simulator (or, with `--replay`, a trace) until SIGINT or SIGTERM,
 * then exits 0.
 */
export async function run(context: CommandContext): Promise<number> {
  const { values, stdout, stderr } = context;
  if (values['print-scenario'] === true) {
    stdout.write(DEFAULT_SCENARIO_YAML);
    return EXIT.succeeded;
  }
  const replay = readReplay(values);
  if (replay) return runReplay(context, replay);
  const port = readPort(values);
  const speed = readSpeed(values, 1);
  const tls = readTls(values);
  const { scenario, source } = await readScenario(values);
  const sim = await startSimulator({
    scenario,
    port,
    clock: new ScaledClock(speed, Date.now, scenario.startTime),
    ...(tls ? { tls } : {}),
  }).catch((error: unknown) => {
    throw listenError(error, port);
  });
  // Listen for the stop signals before printing: whoever reads the URL may stop us at once.
  const stopped = untilStopped(stderr);
  const token = sim.token;
  const adminUrl = `${sim.rootUrl}/_sim`;
  if (values.json === true) {
    stdout.write(
      `${JSON.stringify({
        organizationUrl: sim.organizationUrl,
        releaseUrl: sim.releaseUrl,
        adminUrl,
        token: token.value,
        tokenKind: token.kind,
      })}\n`,
    );
  } else {
    const project = scenario.projects[0]?.name ?? 'PROJECT';
    stdout.write(
      [
        `aztm simulator: serving the ${source} (organization "${scenario.organization}", ${scenario.mode} mode, speed ${speed}x)`,
        `  organization URL  ${sim.organizationUrl}`,
        `  release URL       ${sim.releaseUrl}`,
        `  token (${token.kind === 'pat' ? 'PAT' : 'bearer'})       ${token.value}`,
        `  project           ${project}`,
        `  admin API         ${adminUrl}/requests, /runs, /releases, /faults, /clock`,
        '',
        'Point aztm at it (paste into another terminal):',
        `  export aztm_organization=${shellQuoted(sim.organizationUrl)}`,
        `  export aztm_project=${shellQuoted(project)}`,
        `  export ${token.kind === 'pat' ? 'aztm_pat' : 'aztm_token'}=${shellQuoted(token.value)}`,
        ...(tls
          ? [
              '  export NODE_EXTRA_CA_CERTS=CA.pem   # the --tls-cert file, or the CA that signed it',
            ]
          : []),
        '',
        'Try it:',
        `  curl -u :${token.value} ${tls ? '--cacert CA.pem ' : ''}'${sim.organizationUrl}/${encodeURIComponent(project)}/_apis/pipelines?api-version=7.1'`,
        '',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  }
  // The simulator's token is a demo credential of the simulator itself, printed on purpose.
  await stopped;
  await sim.close();
  return EXIT.succeeded;
}

/** A value as one POSIX shell word: as it is when it is plain, else single-quoted. */
function shellQuoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The simulator could not listen: a port in use or not allowed is a fault of `--port` (exit 2,
 * one sentence), not a bug.
 */
function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    return new UsageError(
      '--port',
      `--port ${port} is in use by another program; choose another port, or 0 for any free one`,
    );
  if (code === 'EACCES')
    return new UsageError(
      '--port',
      `--port ${port} may not be used by this user (ports below 1024 need privileges); choose another port, or 0 for any free one`,
    );
  return error;
}
