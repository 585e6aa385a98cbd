import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findOperation,
  listOperations,
  validateRequestBody,
  validateResponse,
  type SpecOperation,
} from './spec-index.ts';

/** The spec's captured examples, outside the repository: used when present, else a small body. */
const EXAMPLES = '/work/shared/azure-devops-rest-specs/release/7.1/httpExamples';

interface HttpExample {
  parameters: { body?: unknown };
  responses: Record<string, { body: unknown }>;
}

function example(path: string): HttpExample | null {
  const file = `${EXAMPLES}/${path}`;
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as HttpExample;
}

function operation(method: string, path: string): SpecOperation {
  const found = findOperation(method, null, path);
  if (!found) throw new Error(`no spec operation for ${method} ${path}`);
  return found;
}

const APPROVED_APPROVAL = {
  id: 20,
  revision: 1,
  approvalType: 'preDeploy',
  status: 'approved',
  comments: 'Good to go!',
  isAutomated: false,
  createdOn: '2017-05-31T18:07:40.45Z',
  release: { id: 3, name: 'Release-3', url: 'https://vsrm.example/_apis/Release/releases/3' },
  releaseEnvironment: { id: 9, name: 'Dev', _links: {} },
  url: 'https://vsrm.example/_apis/Release/approvals/20',
};

describe('findOperation', () => {
  it.each([
    ['GET', '/contoso/DevOps/_apis/build/Builds/1000', 'Builds_Get'],
    ['PATCH', 'DevOps/_apis/build/builds/1000', 'Builds_Update Build'],
    ['POST', '/contoso/DevOps/_apis/build/builds?definitionId=12', 'Builds_Queue'],
    // The timeline's {timelineId} is optional on the server (docs/design/azure-devops.md §2).
    ['GET', '/contoso/DevOps/_apis/build/Builds/1000/Timeline', 'Timeline_Get'],
    [
      'GET',
      'DevOps/_apis/build/builds/1000/timeline/8d5f1c3e-0a39-4a43-9f65-1c0b2a9b9f10',
      'Timeline_Get',
    ],
    ['POST', '/contoso/DevOps/_apis/pipelines/7/runs', 'Runs_Run Pipeline'],
    ['GET', '/contoso/DevOps/_apis/pipelines/7/runs/1000', 'Runs_Get'],
    // A literal segment wins over an integer parameter.
    ['GET', '/contoso/DevOps/_apis/pipelines/approvals', 'Approvals_Query'],
    ['PATCH', '/contoso/DevOps/_apis/pipelines/approvals', 'Approvals_Update'],
    // Any base before the project: the release host, a Server collection.
    ['GET', '/vsrm/contoso/DevOps/_apis/Release/releases/100', 'Releases_Get Release'],
    ['GET', '/tfs/contoso/DevOps/_apis/release/releases/100', 'Releases_Get Release'],
    // The same path with the query that selects the other operation.
    [
      'GET',
      'DevOps/_apis/release/releases/100?definitionSnapshotRevision=2',
      'Releases_Get Release Revision',
    ],
    [
      'PATCH',
      'DevOps/_apis/Release/releases/100/environments/7',
      'Releases_Update Release Environment',
    ],
    ['PATCH', 'DevOps/_apis/release/approvals/500', 'Approvals_Update'],
  ])('%s %s is %s', (method, path, operationId) => {
    expect(findOperation(method, null, path)?.operationId).toBe(operationId);
  });

  it('reads the path parameters, and the organization of a full path', () => {
    expect(
      operation('GET', '/vsrm/contoso/Dev%20Ops/_apis/Release/releases/100').pathParams,
    ).toEqual({ organization: 'contoso', project: 'Dev Ops', releaseId: '100' });
  });

  it('returns the path template, the success schema and the body schema', () => {
    const queue = operation('POST', 'DevOps/_apis/build/builds');
    expect(queue).toMatchObject({
      area: 'build',
      pathTemplate: '/{organization}/{project}/_apis/build/builds',
      responseStatus: 200,
      responseSchema: { $ref: '#/definitions/Build' },
      bodySchema: { $ref: '#/definitions/Build' },
    });
  });

  it.each([
    ['DELETE', 'DevOps/_apis/pipelines/7/runs/1000', null],
    ['GET', 'DevOps/_apis/build/builds/abc', null],
    ['GET', 'DevOps/_apis/nothing/here', null],
    ['GET', '/contoso/DevOps/build/builds/1', null],
  ])('%s %s matches nothing', (method, path, expected) => {
    expect(findOperation(method, null, path)).toBe(expected);
  });

  it('limits the search to the area given', () => {
    expect(findOperation('GET', 'release', 'DevOps/_apis/build/builds/1')).toBeNull();
    expect(findOperation('GET', 'build', 'DevOps/_apis/build/builds/1')?.operationId).toBe(
      'Builds_Get',
    );
  });
});

describe('validateResponse', () => {
  const approvals = (): SpecOperation => operation('PATCH', 'DevOps/_apis/release/approvals/20');

  it('passes a real approval answer from the spec examples', () => {
    const captured = example('approvals/PATCH__UpdateStatusOfAnApprovalFromPendingToApproved.json');
    const body = captured?.responses['200']?.body ?? APPROVED_APPROVAL;
    expect(validateResponse(approvals(), 200, body)).toEqual([]);
  });

  it('passes a real release from the spec examples', () => {
    const captured = example('releases/GET__GetARelease.json');
    const body = captured?.responses['200']?.body ?? {
      id: 1,
      name: 'Release-1',
      status: 'active',
      environments: [{ id: 5, name: 'Dev', status: 'notStarted', deploySteps: [] }],
      _links: { self: { href: 'https://vsrm.example/r/1' }, web: { href: 'https://x/r/1' } },
    };
    expect(
      validateResponse(operation('GET', 'DevOps/_apis/release/releases/1'), 200, body),
    ).toEqual([]);
  });

  it('fails an invented field, naming where it is', () => {
    const body = { ...APPROVED_APPROVAL, release: { ...APPROVED_APPROVAL.release, state: 'x' } };
    expect(validateResponse(approvals(), 200, body)).toEqual([
      "/release has a field the spec does not define: 'state'",
    ]);
  });

  it('fails a PascalCase enum value: the service sends camelCase (§0.4)', () => {
    const body = { ...APPROVED_APPROVAL, status: 'Approved' };
    expect(validateResponse(approvals(), 200, body)).toEqual([
      expect.stringMatching(/^\/status is "Approved", not one of the spec's values: .*approved/),
    ]);
  });

  it('fails a wrong type, naming where it is', () => {
    const body = { ...APPROVED_APPROVAL, releaseEnvironment: { id: '9', name: 'Dev' } };
    expect(validateResponse(approvals(), 200, body)).toEqual([
      '/releaseEnvironment/id is "9", but must be integer or null',
    ]);
  });

  it('fails a date that is not ISO 8601, and passes the service’s zone-less unset date', () => {
    expect(
      validateResponse(approvals(), 200, { ...APPROVED_APPROVAL, createdOn: 'today' }),
    ).toEqual(['/createdOn must match format "date-time"']);
    const unset = { ...APPROVED_APPROVAL, modifiedOn: '0001-01-01T00:00:00' };
    expect(validateResponse(approvals(), 200, unset)).toEqual([]);
  });

  it('passes null for a property the service leaves unset', () => {
    expect(validateResponse(approvals(), 200, { ...APPROVED_APPROVAL, approver: null })).toEqual(
      [],
    );
  });

  it('checks _links as the service sends them, not as the spec models them', () => {
    const run = operation('GET', 'DevOps/_apis/pipelines/7/runs/1000');
    const links = { self: { href: 'https://x/runs/1000' }, web: { href: 'https://x/web' } };
    expect(validateResponse(run, 200, { id: 1000, _links: links })).toEqual([]);
    // The spec's own form is a link named `links` without an href.
    expect(validateResponse(run, 200, { id: 1000, _links: { links } })).toContain(
      "/_links/links must have required property 'href'",
    );
  });

  it('expects a list wrapped in {count, value} (§0.3)', () => {
    const list = operation('GET', 'DevOps/_apis/pipelines/7/runs');
    expect(
      validateResponse(list, 200, { count: 1, value: [{ id: 1000, state: 'inProgress' }] }),
    ).toEqual([]);
    expect(validateResponse(list, 200, [{ id: 1000 }])).toEqual([
      '(root) is [{"id":1000}], but must be object',
    ]);
  });

  it('accepts a subtype’s fields where the spec names the base type', () => {
    const build = operation('GET', 'DevOps/_apis/build/builds/1000');
    // `definition` is a DefinitionReference; the service sends BuildDefinitionReference's `drafts`.
    expect(validateResponse(build, 200, { id: 1000, definition: { id: 12, drafts: [] } })).toEqual(
      [],
    );
    expect(validateResponse(build, 200, { id: 1000, definition: { id: 12, flavour: 1 } })).toEqual([
      "/definition has a field the spec does not define: 'flavour'",
    ]);
  });

  it('fails a success status the spec does not document', () => {
    expect(validateResponse(approvals(), 201, APPROVED_APPROVAL)).toEqual([
      'status 201 is not one the spec documents (200)',
    ]);
  });

  it('fails a success without a JSON body where the spec promises one', () => {
    expect(validateResponse(approvals(), 200, undefined)).toEqual([
      '(root) the response has no JSON body',
    ]);
  });

  it('checks an error answer against the service’s error shape (§5)', () => {
    const error = {
      $id: '1',
      innerException: null,
      message: 'VS402962: No artifact version id is specified.',
      typeName:
        'Microsoft.VisualStudio.Services.ReleaseManagement.Data.Exceptions.InvalidRequestException, Microsoft.VisualStudio.Services.ReleaseManagement2.Data',
      typeKey: 'InvalidRequestException',
      errorCode: 0,
      eventId: 3000,
    };
    expect(validateResponse(approvals(), 400, error)).toEqual([]);
    const withoutTypeKey: Record<string, unknown> = { ...error };
    delete withoutTypeKey.typeKey;
    expect(validateResponse(approvals(), 400, withoutTypeKey)).toEqual([
      "(root) must have required property 'typeKey'",
    ]);
  });
});

describe('validateRequestBody', () => {
  const cancel = (): SpecOperation => operation('PATCH', 'DevOps/_apis/build/builds/1000');

  it.each([
    ['the camelCase name', 'cancelling'],
    ['the PascalCase name', 'Cancelling'],
    ['the number the Node client sends', 4],
  ])('accepts an enum as %s (§0.4)', (_label, status) => {
    expect(validateRequestBody(cancel(), { status })).toEqual([]);
  });

  it('fails an enum name the spec does not have', () => {
    expect(validateRequestBody(cancel(), { status: 'stopping' })).toEqual([
      expect.stringMatching(/^\/status is "stopping", not one of the spec's values: none, /),
    ]);
  });

  it('passes the spec example of a release approval update', () => {
    const captured = example('approvals/PATCH__UpdateStatusOfAnApprovalFromPendingToApproved.json');
    const body = captured?.parameters.body ?? { status: 'approved', comments: 'Good to go!' };
    expect(validateRequestBody(operation('PATCH', 'P/_apis/release/approvals/20'), body)).toEqual(
      [],
    );
  });

  it('fails a pipelines approval update that is an object, not an array (§3)', () => {
    const update = operation('PATCH', 'DevOps/_apis/pipelines/approvals');
    const item = { approvalId: '8d5f1c3e-0a39-4a43-9f65-1c0b2a9b9f10', status: 'approved' };
    expect(validateRequestBody(update, [{ ...item, comment: 'ok' }])).toEqual([]);
    expect(validateRequestBody(update, item)).toEqual([
      expect.stringMatching(/^\(root\) is .*, but must be array$/),
    ]);
  });

  it('fails a field a release create does not take, naming it', () => {
    const create = operation('POST', 'DevOps/_apis/release/releases');
    expect(validateRequestBody(create, { definitionId: 3, stages: ['Prod'] })).toEqual([
      "(root) has a field the spec does not define: 'stages'",
    ]);
  });

  it('fails a body sent to an operation that takes none', () => {
    expect(validateRequestBody(operation('GET', 'DevOps/_apis/build/builds/1'), {})).toEqual([
      '(root) Builds_Get takes no request body',
    ]);
  });
});

describe('the vendored specs', () => {
  it('give every operation a validator for its body and its answer', () => {
    const operations = listOperations();
    expect(operations.length).toBeGreaterThan(100);
    for (const spec of operations) {
      // Throws on a reference the conversion left unresolved or a schema ajv refuses.
      expect(() => validateResponse(spec, spec.responseStatus ?? 200, {})).not.toThrow();
      if (spec.bodySchema) expect(() => validateRequestBody(spec, {})).not.toThrow();
    }
  });
});
