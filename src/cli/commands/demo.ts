import { formatDuration } from '../../duration.ts';
import { ScaledClock } from '../../simulator/clock.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import type { CommandContext } from '../commands.ts';
import { EXIT } from '../exit.ts';
import { readScenario, readSpeed } from '../simulator-options.ts';

/**
 * `aztm demo`: starts the simulator in-process and walks through what it serves, with plain REST
 * calls: the pipelines of the first project, a pipeline run and a failing one followed to their
 * end, and a classic release. (Until the trigger-and-follow commands land, this is the tour.)
 */
export async function run(context: CommandContext): Promise<number> {
  const { values, stdout } = context;
  const speed = readSpeed(values, 60);
  const { scenario, source } = await readScenario(values);
  const sim = await startSimulator({
    scenario,
    clock: new ScaledClock(speed, Date.now, scenario.startTime),
  });
  const say = (line = ''): void => void stdout.write(`${line}\n`);
  try {
    const project = scenario.projects[0];
    if (!project) throw new Error('the scenario has no project');
    say(
      `aztm demo: a local Azure DevOps serves the ${source} at ${sim.organizationUrl} (${speed}x real time)`,
    );
    say(`  token: ${sim.token.value}   (the simulator's demo credential)`);
    say();
    const api = client(sim);
    const pipelines = await api.get<{ value: { id: number; name: string; folder: string }[] }>(
      `${sim.organizationUrl}/${project.name}/_apis/pipelines?api-version=7.1`,
    );
    say(`GET  ${project.name}/_apis/pipelines -> ${pipelines.value.length} pipelines`);
    for (const p of pipelines.value)
      say(
        `       ${String(p.id).padStart(4)}  ${p.folder === '\\' ? '' : `${p.folder}\\`}${p.name}`,
      );
    say();
    for (const name of ['deploy-gateway', 'Please Fail']) {
      const pipeline = pipelines.value.find((p) => p.name === name);
      if (pipeline) await followPipelineRun(api, sim, project.name, pipeline.id, name, say);
    }
    const release = project.releaseDefinitions[0];
    if (release) await followRelease(api, sim, project.name, release.id, release.name, say);
    say('Next: `aztm simulate` keeps this organization up for your own requests.');
    return EXIT.succeeded;
  } finally {
    await sim.close();
  }
}

type Say = (line?: string) => void;

interface DemoClient {
  get<T>(url: string): Promise<T>;
  send<T>(method: string, url: string, body: unknown): Promise<T>;
}

function client(sim: RunningSimulator): DemoClient {
  const headers = {
    authorization: `Basic ${Buffer.from(`:${sim.token.value}`).toString('base64')}`,
    'content-type': 'application/json',
    'X-TFS-FedAuthRedirect': 'Suppress',
  };
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const answer = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${url} answered ${answer.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  return { get: (url) => call('GET', url), send: (method, url, body) => call(method, url, body) };
}

interface TimelineRecord {
  type: string;
  name: string;
  state: string;
  result?: string | null;
}

async function followPipelineRun(
  api: DemoClient,
  sim: RunningSimulator,
  project: string,
  id: number,
  name: string,
  say: Say,
): Promise<void> {
  const run = await api.send<{ id: number; _links: { web: { href: string } } }>(
    'POST',
    `${sim.organizationUrl}/${project}/_apis/pipelines/${id}/runs?api-version=7.1`,
    {},
  );
  say(`POST ${project}/_apis/pipelines/${id}/runs -> run ${run.id} of "${name}"`);
  say(`       ${run._links.web.href}`);
  const started = sim.clock.now();
  const seen = new Map<string, string>();
  for (;;) {
    const build = await api.get<{ status: string; result?: string }>(
      `${sim.organizationUrl}/${project}/_apis/build/builds/${run.id}?api-version=7.1`,
    );
    const timeline = await api.get<{ records: TimelineRecord[] }>(
      `${sim.organizationUrl}/${project}/_apis/build/builds/${run.id}/timeline?api-version=7.1`,
    );
    for (const record of timeline.records.filter(
      (r) => r.type === 'Stage' || r.type === 'Checkpoint.Approval',
    )) {
      const state = record.result ?? record.state;
      if (seen.get(record.name) === state) continue;
      seen.set(record.name, state);
      const label = record.type === 'Stage' ? `stage ${record.name}` : 'approval';
      say(`       +${formatDuration(sim.clock.now() - started).padEnd(8)} ${label}: ${state}`);
    }
    if (build.status === 'completed') {
      say(`       result: ${build.result ?? 'none'}`);
      say();
      return;
    }
    if (
      timeline.records.some((r) => r.type === 'Checkpoint.Approval' && r.state === 'inProgress')
    ) {
      say(
        '       waiting for an approval: answer it with PATCH _apis/pipelines/approvals (the demo leaves it)',
      );
      say();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function followRelease(
  api: DemoClient,
  sim: RunningSimulator,
  project: string,
  definitionId: number,
  name: string,
  say: Say,
): Promise<void> {
  const release = await api.send<{ id: number; name: string; _links: { web: { href: string } } }>(
    'POST',
    `${sim.releaseUrl}/${project}/_apis/release/releases?api-version=7.1`,
    { definitionId, description: 'aztm demo' },
  );
  say(`POST ${project}/_apis/release/releases -> ${release.name} of "${name}"`);
  say(`       ${release._links.web.href}`);
  const started = sim.clock.now();
  const seen = new Map<string, string>();
  const done = new Set(['succeeded', 'partiallySucceeded', 'rejected', 'canceled']);
  for (;;) {
    const current = await api.get<{ environments: { name: string; status: string }[] }>(
      `${sim.releaseUrl}/${project}/_apis/release/releases/${release.id}?api-version=7.1`,
    );
    for (const stage of current.environments) {
      if (seen.get(stage.name) === stage.status) continue;
      seen.set(stage.name, stage.status);
      say(
        `       +${formatDuration(sim.clock.now() - started).padEnd(8)} stage ${stage.name}: ${stage.status}`,
      );
    }
    // A stage whose trigger is manual, or whose condition was never met, stays notStarted for
    // ever: the release is over when nothing is queued or deploying any more.
    const active = current.environments.some(
      (stage) => !done.has(stage.status) && stage.status !== 'notStarted',
    );
    if (!active) {
      for (const stage of current.environments.filter((s) => s.status === 'notStarted')) {
        say(`       stage ${stage.name} was not started (manual, or its condition was not met)`);
      }
      say();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
