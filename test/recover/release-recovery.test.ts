/**
 * A release whose create got no usable answer: its description carries `aztm <id>`, so the release
 * that carries it is the one aztm created. The create is sent again, the same, only when no
 * release carries the mark after every look.
 */
import { describe, expect, it } from 'vitest';
import { LostCreateError } from '../../src/recover/lost-create.ts';
import { markedDescription } from '../../src/recover/marker.ts';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { addFault, requestsTo } from '../azdo/client-helpers.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { aztmPosts, PROJECT, RELEASES, triggerWithRecovery } from './recovery-harness.ts';

const MARK = 'aztm 00000000-0000-4000-8000-00000000c0de';

describe('the mark on a release', () => {
  it.each([
    ['after the description, which stays first', 'Nightly scan', `Nightly scan (${MARK})`],
    ['alone when there is no description', undefined, MARK],
    ['alone when the description is blank', '  ', MARK],
  ])('%s', (_label, description, expected) => {
    expect(markedDescription(description, MARK.slice('aztm '.length))).toBe(expected);
  });
});

describe('a release whose create answer was lost', () => {
  it('is found by its mark, returned with a notice, and its chosen stage still deployed', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetAfterCommit', method: 'POST', path: RELEASES.source });
    const triggered = await triggerWithRecovery(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { id: 14 },
      artifacts: [],
      variables: {},
      description: 'from the tests',
      stages: ['staging', 'Production'],
    });

    const [release] = [...sim.state.releases.values()];
    expect(triggered.outcome).toMatchObject({ kind: 'handle', handle: { id: release?.id } });
    expect(release?.description).toBe(`from the tests (${MARK})`);
    expect(triggered.notices).toEqual([
      `the create request got no answer (UND_ERR_SOCKET): found release ${release?.name} (id ${release?.id}) that aztm created (its description carries "${MARK}"); the request was not sent again`,
    ]);
    // The stage plan goes on with the release found: Staging waits on Dev, made manual.
    expect(requestsTo(sim, 'PATCH', /\/environments\/\d+$/)).toHaveLength(1);
    expect(aztmPosts(sim, RELEASES)).toHaveLength(1);
    expect(sim.state.releases.size).toBe(1);
  });

  it('reset before the service acted: no release carries the mark, so it is sent again, the same', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RELEASES.source });
    const triggered = await triggerWithRecovery(sim, SCAN);

    const [release] = [...sim.state.releases.values()];
    expect(triggered.outcome).toMatchObject({ kind: 'handle', handle: { id: release?.id } });
    expect(triggered.notices).toEqual([
      `the create request got no answer (UND_ERR_SOCKET) and no release whose description carries "${MARK}" was found in 4 looks over 10 s: aztm takes it that no release was created and sends the request again (2 of at most 3)`,
    ]);
    expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
    // The same request both times: the second is looked for by the same mark.
    const posts = aztmPosts(sim, RELEASES);
    expect(posts.map((entry) => entry.body)).toEqual([posts[0]?.body, posts[0]?.body]);
    expect(release?.description).toBe(MARK);
  });

  it('a gateway answered 502 after the service acted: found by its mark, not sent again', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, {
      kind: 'answerAfterCommit',
      status: 502,
      method: 'POST',
      path: RELEASES.source,
    });
    const triggered = await triggerWithRecovery(sim, SCAN);

    const [release] = [...sim.state.releases.values()];
    expect(triggered.outcome).toMatchObject({ kind: 'handle', handle: { id: release?.id } });
    expect(triggered.notices).toEqual([
      `the create request got HTTP 502: found release ${release?.name} (id ${release?.id}) that aztm created (its description carries "${MARK}"); the request was not sent again`,
    ]);
    expect(aztmPosts(sim, RELEASES)).toHaveLength(1);
  });

  it('every send lost: three sends with the same mark, then aztm stops', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, {
      kind: 'resetBeforeHandling',
      method: 'POST',
      path: RELEASES.source,
      count: 'unlimited',
    });
    const triggered = await triggerWithRecovery(sim, SCAN);

    expect(triggered.outcome.kind).toBe('error');
    const error = triggered.outcome.kind === 'error' ? triggered.outcome.error : null;
    expect(error).toBeInstanceOf(LostCreateError);
    expect((error as LostCreateError).message).toMatch(
      new RegExp(
        `^the create request got no answer \\(.+\\) and aztm cannot tell whether it created a release of "Scan Pre Prod": no release whose description carries "${MARK}" was found in 4 looks over 10 s\\. aztm sent the request 3 times and will not send it again; check http://.+/DevOps/_release\\?_a=releases&definitionId=13 before you trigger it again$`,
      ),
    );
    expect(triggered.waits).toHaveLength(9);
    expect(new Set(aztmPosts(sim, RELEASES).map((entry) => JSON.stringify(entry.body))).size).toBe(
      1,
    );
    expect(aztmPosts(sim, RELEASES)).toHaveLength(3);
    expect(sim.state.releases.size).toBe(0);
  });
});

const SCAN = {
  kind: 'release',
  project: PROJECT,
  definition: { id: 13 },
  artifacts: [],
  variables: {},
} as const;
