/**
 * A pipeline run or build whose create got no answer: aztm looks for the run it queued (by the
 * rules of run-match.ts) and follows it, or stops, saying what to check. The create is never sent
 * twice. The lookup's waits are recorded, never slept.
 */
import { describe, expect, it } from 'vitest';
import { AzureDevOpsError } from '../../src/azdo/errors.ts';
import { LostCreateError } from '../../src/recover/lost-create.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { addFault, requestsTo } from '../azdo/client-helpers.ts';
import { startTestSimulator, type TestSimulator } from '../helpers/simulator.ts';
import {
  aztmPosts,
  BUILDS,
  pipelineRequest,
  PROJECT,
  queueRunAside,
  RUNS,
  triggerWithRecovery,
  type Triggered,
} from './recovery-harness.ts';

const JOB_TOKEN = (sim: TestSimulator): string =>
  `Bearer ${sim.state.scenario.tokens.find((token) => token.name === 'job')?.value ?? ''}`;

function lostCreate(triggered: Triggered): LostCreateError {
  const { outcome } = triggered;
  if (outcome.kind !== 'error' || !(outcome.error instanceof LostCreateError)) {
    throw new Error(`expected a LostCreateError, got ${JSON.stringify(outcome)}`);
  }
  return outcome.error;
}

function handleId(triggered: Triggered): number {
  if (triggered.outcome.kind !== 'handle') throw triggered.outcome.error;
  return triggered.outcome.handle.id;
}

/** A fetch that, when a POST gets no answer, has another client queue a run first. */
function withRunQueuedAside(
  sim: TestSimulator,
  aside: Parameters<typeof queueRunAside>[1] = {},
): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (init?.method === 'POST') await queueRunAside(sim, aside);
      throw error;
    }
  };
}

describe('the answer to the create was lost after the service acted', () => {
  it('pipeline: the run aztm queued is found at once and returned, with a notice', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'));

    const [build] = [...sim.state.builds.values()];
    expect(handleId(triggered)).toBe(build?.id);
    expect(triggered.outcome).toMatchObject({
      handle: { kind: 'pipeline', url: expect.stringContaining(`buildId=${build?.id}`) },
    });
    expect(triggered.notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the create request got no answer \\(.+\\): found pipeline run ${build?.id} that aztm created \\(queued by Ada Admin at .+\\); the request was not sent again$`,
        ),
      ),
    ]);
    expect(triggered.waits).toEqual([]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });

  it('classic build: the same, through the Build API', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: BUILDS.source });
    const triggered = await triggerWithRecovery(sim, {
      kind: 'build',
      project: PROJECT,
      definition: { id: 7 },
      variables: {},
    });

    const [build] = [...sim.state.builds.values()];
    expect(handleId(triggered)).toBe(build?.id);
    expect(triggered.notices[0]).toMatch(new RegExp(`found build ${build?.id} that aztm created`));
    expect(aztmPosts(sim, BUILDS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });

  it('a run queued meanwhile by another identity is not mistaken for ours', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { authorization: JOB_TOKEN(sim) }),
    });

    const [ours, theirs] = [...sim.state.builds.values()];
    expect(theirs).toBeDefined();
    expect(handleId(triggered)).toBe(ours?.id);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('a run queued meanwhile by the same identity on another branch is not ours either', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { branch: 'refs/heads/release/1.0' }),
    });

    const [ours] = [...sim.state.builds.values()];
    expect(sim.state.builds.size).toBe(2);
    expect(handleId(triggered)).toBe(ours?.id);
  });

  it('runs that existed before the create are never taken for the new one', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'));

    const newest = Math.max(...sim.state.builds.keys());
    expect(handleId(triggered)).toBe(newest);
    expect(sim.state.builds.size).toBe(3);
  });
});

describe('aztm cannot tell: it stops, says what to check, and sends nothing again', () => {
  it('another run of the same identity, branch and pipeline queued meanwhile: several candidates', async () => {
    const sim = await startTestSimulator(defaultScenario());
    // One run from before: it is known, and it sets the window (its queue time less 2 minutes).
    await queueRunAside(sim, { branch: 'refs/heads/main' });
    const before = [...sim.state.builds.keys()];
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest('main'), {
      fetch: withRunQueuedAside(sim, { branch: 'refs/heads/main' }),
    });

    const error = lostCreate(triggered);
    const ids = [...sim.state.builds.keys()]
      .filter((id) => !before.includes(id))
      .sort((a, b) => b - a);
    expect(error.candidates).toEqual(ids);
    expect(error.message).toMatch(
      new RegExp(
        `^the create request got no answer \\(.+\\) and aztm cannot tell whether it created a pipeline run of "infra\\\\deploy-gateway": 2 new runs queued by Ada Admin on refs/heads/main since 2026-01-01T08:58:00.000Z could each be it \\(${ids.join(', ')}\\)\\. aztm did not send the request again; check http://.+/DevOps/_build\\?definitionId=42 before you trigger it again$`,
      ),
    );
    expect(error).toBeInstanceOf(AzureDevOpsError);
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true });
    // Several candidates cannot become one: no wait.
    expect(triggered.waits).toEqual([]);
    expect(triggered.notices).toEqual([]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
  });

  it('the connection was reset before the service acted: nothing is found after every look', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    const error = lostCreate(triggered);
    // aztm cannot tell a reset before the service acted from one after: it looks, never resends.
    expect(error.message).toMatch(
      /cannot tell whether it created a pipeline run of "infra\\deploy-gateway": no new run queued by Ada Admin was found in 4 looks over 10 s\. aztm did not send the request again/,
    );
    expect(error.candidates).toEqual([]);
    expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(0);
  });

  it('the runs could not be listed before the create: a new run cannot be told from an old one', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'htmlBody', method: 'GET', path: BUILDS.source, count: 1 });
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RUNS.source });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    const error = lostCreate(triggered);
    expect(error.message).toMatch(
      /: its recent runs could not be listed before the request was sent \(Azure DevOps answered GET .+ with an HTML page where JSON was expected\), so a new run cannot be told from an older one\./,
    );
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(sim.state.builds.size).toBe(1);
  });
});

describe('the create is sent again only when the service certainly did not act', () => {
  it('503 with Retry-After: sent again after the wait, one run, no lookup', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', status: 503, retryAfter: 1, method: 'POST' });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    expect(handleId(triggered)).toBe([...sim.state.builds.keys()][0]);
    expect(aztmPosts(sim, RUNS).map((entry) => entry.status)).toEqual([503, 200]);
    expect(triggered.notices).toEqual([]);
    expect(requestsTo(sim, 'GET', /connectionData$/)).toEqual([]);
  });

  it('500: not sent again and not looked for; the refusal has a known outcome', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'serverError', status: 500, method: 'POST' });
    const triggered = await triggerWithRecovery(sim, pipelineRequest());

    expect(triggered.outcome).toMatchObject({
      kind: 'error',
      error: { kind: 'server', status: 500, outcomeUnknown: false },
    });
    expect(aztmPosts(sim, RUNS)).toHaveLength(1);
    expect(triggered.waits).toEqual([]);
    expect(sim.state.builds.size).toBe(0);
  });
});
