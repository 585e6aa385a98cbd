import { describe, expect, it } from 'vitest';
import {
  pipeline,
  project,
  scenario,
  TEST_BEARER,
  TEST_PAT,
  token,
} from '../helpers/scenario-builder.ts';
import { startTestSimulator } from '../helpers/simulator.ts';

const sim = () =>
  startTestSimulator(
    scenario({
      projects: [project({ pipelines: [pipeline({ id: 1, name: 'app' })] })],
      tokens: [
        token(),
        token({ name: 'job', kind: 'bearer', value: TEST_BEARER }),
        token({ name: 'reader', value: 'r'.repeat(52), scopes: ['vso.build'] }),
        token({ name: 'outsider', value: 'o'.repeat(52), projects: ['Elsewhere'] }),
      ],
    }),
  );

const basic = (secret: string, user = '') =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('signing in (docs/design/azure-devops.md §5, §7)', () => {
  it.each([
    ['no credentials', undefined],
    ['an unknown PAT', basic('x'.repeat(52))],
    ['a PAT sent as Bearer', `Bearer ${TEST_PAT}`],
    ['a bearer token sent as Basic', basic(TEST_BEARER)],
  ])('%s: 203 with the HTML sign-in page', async (_case, authorization) => {
    const s = await sim();
    const answer = await fetch(
      `${s.organizationUrl}/Infrastructure/_apis/pipelines?api-version=7.1`,
      {
        headers: authorization ? { authorization } : {},
      },
    );
    expect(answer.status).toBe(203);
    expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    expect(await answer.text()).toMatch(/Sign In/);
  });

  it('401 with WWW-Authenticate instead, when the client sends X-TFS-FedAuthRedirect: Suppress', async () => {
    const s = await sim();
    const answer = await fetch(
      `${s.organizationUrl}/Infrastructure/_apis/pipelines?api-version=7.1`,
      {
        headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
      },
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it.each([
    ['a PAT with an empty user name', basic(TEST_PAT)],
    ['a PAT with any user name', basic(TEST_PAT, 'whoever')],
    ['a bearer token', `Bearer ${TEST_BEARER}`],
  ])('%s is accepted', async (_case, authorization) => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/pipelines?api-version=7.1', {
      headers: { authorization },
    });
    expect(answer.status).toBe(200);
  });

  it('a token without the scope an operation needs gets 401 TF400813', async () => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/pipelines/1/runs?api-version=7.1', {
      method: 'POST',
      json: {},
      headers: { authorization: basic('r'.repeat(52)) },
    });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({
      typeKey: 'UnauthorizedRequestException',
      message: expect.stringMatching(/^TF400813/),
    });
    expect(s.state.builds.size).toBe(0);
  });

  it('a project the token cannot see looks like a project that does not exist', async () => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/pipelines?api-version=7.1', {
      headers: { authorization: basic('o'.repeat(52)) },
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({
      typeKey: 'ProjectDoesNotExistWithNameException',
      message: expect.stringMatching(/^TF200016: .*Infrastructure/),
    });
  });

  it('the request log names the token, never its value', async () => {
    const s = await sim();
    await s.api('Infrastructure/_apis/pipelines?api-version=7.1');
    const log = await (await fetch(`${s.rootUrl}/_sim/requests`)).text();
    expect(log).toContain('<admin>');
    expect(log).not.toContain(TEST_PAT);
    expect(log).not.toContain(Buffer.from(`:${TEST_PAT}`).toString('base64'));
  });
});

describe('api-version (docs/design/azure-devops.md §0.1)', () => {
  it('a write without api-version is refused with the service message', async () => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/pipelines/1/runs', {
      method: 'POST',
      json: {},
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      typeKey: 'VssVersionNotSpecifiedException',
      message: expect.stringContaining('No api-version was supplied for the "POST" request.'),
    });
    expect(s.state.builds.size).toBe(0);
  });

  it('a read without api-version is answered (the server uses its latest version)', async () => {
    const s = await sim();
    expect((await s.api('Infrastructure/_apis/pipelines')).status).toBe(200);
  });

  it('api-version in the Accept header works like the query parameter', async () => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/pipelines/1/runs', {
      method: 'POST',
      json: {},
      headers: { accept: 'application/json;api-version=7.1' },
    });
    expect(answer.status).toBe(200);
  });

  it.each([
    [
      '8.0',
      'VssVersionOutOfRangeException',
      'out of range for this server. The latest REST API version this server supports is 7.2.',
    ],
    ['7.2', 'VssInvalidPreviewVersionException', 'The -preview flag must be supplied'],
    ['seven', 'VssInvalidApiVersionException', "The api-version 'seven' is not valid"],
  ])('api-version=%s is refused: %s', async (version, typeKey, message) => {
    const s = await sim();
    const answer = await s.api(`Infrastructure/_apis/pipelines?api-version=${version}`);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      typeKey,
      message: expect.stringContaining(message),
    });
  });

  it('7.2-preview.1 is accepted', async () => {
    const s = await sim();
    expect((await s.api('Infrastructure/_apis/pipelines?api-version=7.2-preview.1')).status).toBe(
      200,
    );
  });
});

describe('routing (docs/design/azure-devops.md §0.5)', () => {
  it('matches paths in any letter case, organization and project included', async () => {
    const s = await sim();
    const url = `${s.rootUrl}/CONTOSO/infrastructure/_APIS/Pipelines/1?api-version=7.1`;
    const answer = await s.api(url);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 1, name: 'app' });
  });

  it('answers 404 in the service error shape for a path no API serves', async () => {
    const s = await sim();
    const answer = await s.api('Infrastructure/_apis/nothing/here?api-version=7.1');
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({
      $id: '1',
      innerException: null,
      errorCode: 0,
      eventId: 3000,
    });
  });
});
