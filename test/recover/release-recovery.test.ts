/**
 * A release whose create got no answer: its description carries `aztm <id>`, so the release that
 * carries it is the one aztm created. The create is never sent twice.
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

  it('reset before the service acted: no release carries the mark, and aztm stops', async () => {
    const sim = await startTestSimulator(defaultScenario());
    addFault(sim, { kind: 'resetBeforeHandling', method: 'POST', path: RELEASES.source });
    const triggered = await triggerWithRecovery(sim, {
      kind: 'release',
      project: PROJECT,
      definition: { id: 13 },
      artifacts: [],
      variables: {},
    });

    expect(triggered.outcome.kind).toBe('error');
    const error = triggered.outcome.kind === 'error' ? triggered.outcome.error : null;
    expect(error).toBeInstanceOf(LostCreateError);
    expect((error as LostCreateError).message).toMatch(
      new RegExp(
        `^the create request got no answer \\(.+\\) and aztm cannot tell whether it created a release of "Scan Pre Prod": no release whose description carries "${MARK}" was found in 4 looks over 10 s\\. aztm did not send the request again; check http://.+/DevOps/_release\\?_a=releases&definitionId=13 before you trigger it again$`,
      ),
    );
    expect(triggered.waits).toEqual([1_000, 3_000, 6_000]);
    expect(aztmPosts(sim, RELEASES)).toHaveLength(1);
    expect(sim.state.releases.size).toBe(0);
  });
});
