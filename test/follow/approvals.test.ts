import { describe, expect, it } from 'vitest';
import {
  callerOf,
  isCaller,
  pipelineApprovalView,
  type Caller,
} from '../../src/follow/approvals.ts';

const ada: Caller = { id: 'ADA-ID', uniqueName: 'ada@contoso.com', displayNames: ['Ada Admin'] };

describe('whether an approver is the caller', () => {
  it.each([
    ['the same id (any case)', { id: 'ada-id' }, true],
    ['the same unique name', { uniqueName: 'ADA@contoso.com' }, true],
    ['the same display name', { displayName: 'ada admin' }, true],
    ['someone else', { id: 'ops', displayName: 'Ops Team', uniqueName: 'ops@contoso.com' }, false],
    ['nobody named', {}, false],
  ])('%s: %s', (_name, identity, expected) => {
    expect(isCaller(identity, ada)).toBe(expected);
  });

  it('is never true while the caller is unknown', () => {
    expect(isCaller({ id: 'ADA-ID' }, null)).toBe(false);
  });

  it('reads the caller from connectionData, with the provider display name', () => {
    expect(callerOf({ authenticatedUser: { id: 'x', providerDisplayName: 'Ada Admin' } })).toEqual({
      id: 'x',
      displayNames: ['Ada Admin'],
    });
    expect(callerOf({})).toBeNull();
  });
});

describe('YAML approval views', () => {
  const approval = {
    id: 'g-1',
    status: 'pending' as const,
    instructions: 'Check the dashboard first',
    steps: [
      { assignedApprover: { displayName: 'Ops Team' }, status: 'pending' as const },
      { assignedApprover: { displayName: 'Ada Admin' }, status: 'pending' as const },
    ],
  };

  it('lists the pending steps’ approvers and the instructions, with the run URL', () => {
    expect(pipelineApprovalView(approval, 'https://run', null)).toEqual({
      id: 'g-1',
      approvers: ['Ops Team', 'Ada Admin'],
      instructions: 'Check the dashboard first',
      url: 'https://run',
      assignedToCaller: false,
    });
  });

  it('is assigned to the caller when one of its steps is', () => {
    expect(pipelineApprovalView(approval, 'https://run', ada).assignedToCaller).toBe(true);
  });
});
