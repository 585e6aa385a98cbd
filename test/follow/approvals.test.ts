import { describe, expect, it } from 'vitest';
import {
  callerOf,
  isCaller,
  pipelineApprovalView,
  type Caller,
} from '../../src/follow/approvals.ts';

const ada: Caller = { id: 'ADA-ID' };

describe('whether an approver is the caller (by id only, docs/design/azure-devops.md §13 row 4)', () => {
  it.each([
    ['the same id (any case)', { id: 'ada-id' }, true],
    [
      'the same id, another display name',
      { id: 'ADA-ID', displayName: 'Ada Admin (Contoso)' },
      true,
    ],
    ['the same unique name, no id', { uniqueName: 'ada@contoso.com' }, false],
    ['the same display name, another id', { id: 'other', displayName: 'Ada Admin' }, false],
    ['someone else', { id: 'ops', displayName: 'Ops Team', uniqueName: 'ops@contoso.com' }, false],
    ['nobody named', {}, false],
  ])('%s: %s', (_name, identity, expected) => {
    expect(isCaller(identity, ada)).toBe(expected);
  });

  it('is never true while the caller is unknown', () => {
    expect(isCaller({ id: 'ADA-ID' }, null)).toBe(false);
  });

  it('reads the caller from connectionData by its id', () => {
    expect(callerOf({ authenticatedUser: { id: 'x', providerDisplayName: 'Ada Admin' } })).toEqual({
      id: 'x',
    });
    expect(callerOf({ authenticatedUser: { providerDisplayName: 'Ada Admin' } })).toBeNull();
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
      { assignedApprover: { id: 'ada-id', displayName: 'Ada' }, status: 'pending' as const },
    ],
  };

  it('lists the pending steps’ approvers and the instructions, with the run URL', () => {
    expect(pipelineApprovalView(approval, 'https://run', null)).toEqual({
      id: 'g-1',
      approvers: ['Ops Team', 'Ada'],
      instructions: 'Check the dashboard first',
      url: 'https://run',
      assignedToCaller: false,
    });
  });

  it('is assigned to the caller when one of its steps is', () => {
    expect(pipelineApprovalView(approval, 'https://run', ada).assignedToCaller).toBe(true);
  });
});
