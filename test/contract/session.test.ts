/**
 * One session that calls every operation the simulator serves for aztm, the way a client does,
 * and checks every request body and every answer of it against the official 7.1 specs. A
 * simulator that drifts from the specs, or an operation that stops being served, fails here.
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/simulator/scenario/load.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { checkRequestLog } from './requests.ts';
import { callEveryOperation } from './session.ts';
import { findOperation } from './spec-index.ts';

describe('the simulator against the official 7.1 specs', () => {
  it('answers every operation aztm uses with spec-valid bodies, and takes spec-valid requests', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await callEveryOperation(sim);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('the session covers every operation of the issue, and each answered 2xx', async () => {
    const sim = await startTestSimulator(defaultScenario());
    await callEveryOperation(sim);
    const covered = new Set<string>();
    for (const entry of sim.state.requests) {
      expect(entry.status, `${entry.method} ${entry.url}`).toBeGreaterThanOrEqual(200);
      expect(entry.status, `${entry.method} ${entry.url}`).toBeLessThan(300);
      const operation = findOperation(entry.method, null, entry.url);
      if (operation) covered.add(`${operation.area} ${operation.operationId}`);
    }
    expect([...covered].sort()).toEqual(
      [
        'pipelines Pipelines_List',
        'pipelines Pipelines_Get',
        'pipelines Preview_Preview',
        'pipelines Runs_Run Pipeline',
        'pipelines Runs_Get',
        'pipelines Runs_List',
        'build Definitions_Get',
        'build Definitions_List',
        'build Builds_Queue',
        'build Builds_Get',
        'build Builds_List',
        'build Builds_Update Build',
        'build Timeline_Get',
        'build Builds_Get Build Logs',
        'build Builds_Get Build Log',
        'approvalsAndChecks Approvals_Query',
        'approvalsAndChecks Approvals_Get',
        'approvalsAndChecks Approvals_Update',
        'release Definitions_Get',
        'release Definitions_List',
        'release Releases_Create',
        'release Releases_Get Release',
        'release Releases_List',
        'release Releases_Get Release Environment',
        'release Releases_Update Release Environment',
        'release Releases_Get Task Log',
        'release Approvals_List',
        'release Approvals_Update',
        'release Releases_Update Release Resource',
      ].sort(),
    );
  });
});
