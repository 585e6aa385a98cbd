import { describe, expect, it } from 'vitest';
import { parseOrganizationUrl } from '../../src/azdo/organization.ts';
import { UsageError } from '../../src/errors.ts';
import { project, releaseDefinition, scenario } from '../helpers/scenario-builder.ts';
import { startTestSimulator } from '../helpers/simulator.ts';
import { checkRequestLog } from '../contract/requests.ts';
import { clientFor, requestsTo } from './client-helpers.ts';

describe('parseOrganizationUrl', () => {
  it.each([
    ['contoso', 'https://dev.azure.com/contoso', 'services', 'https://vsrm.dev.azure.com/contoso'],
    [
      'https://dev.azure.com/contoso',
      'https://dev.azure.com/contoso',
      'services',
      'https://vsrm.dev.azure.com/contoso',
    ],
    [
      'https://dev.azure.com/contoso///',
      'https://dev.azure.com/contoso',
      'services',
      'https://vsrm.dev.azure.com/contoso',
    ],
    [
      '  https://DEV.azure.com/Contoso-2  ',
      'https://dev.azure.com/Contoso-2',
      'services',
      'https://vsrm.dev.azure.com/Contoso-2',
    ],
    [
      'https://contoso.visualstudio.com',
      'https://contoso.visualstudio.com',
      'legacy',
      'https://contoso.vsrm.visualstudio.com',
    ],
    [
      'https://contoso.visualstudio.com/',
      'https://contoso.visualstudio.com',
      'legacy',
      'https://contoso.vsrm.visualstudio.com',
    ],
    [
      'https://contoso.visualstudio.com/DefaultCollection',
      'https://contoso.visualstudio.com',
      'legacy',
      'https://contoso.vsrm.visualstudio.com',
    ],
    [
      'https://tfs.contoso.com/tfs/Collection',
      'https://tfs.contoso.com/tfs/Collection',
      'server',
      null,
    ],
    [
      'https://tfs.contoso.com/tfs/Collection/',
      'https://tfs.contoso.com/tfs/Collection',
      'server',
      null,
    ],
    ['https://server/DefaultCollection', 'https://server/DefaultCollection', 'server', null],
    [
      'http://localhost:8080/tfs/DefaultCollection',
      'http://localhost:8080/tfs/DefaultCollection',
      'server',
      null,
    ],
    ['http://127.0.0.1:4000/contoso', 'http://127.0.0.1:4000/contoso', 'server', null],
    ['http://127.8.9.10/contoso', 'http://127.8.9.10/contoso', 'server', null],
    ['http://[::1]:4000/contoso', 'http://[::1]:4000/contoso', 'server', null],
  ])('%s → %s (%s)', (input, url, kind, releaseUrl) => {
    expect(parseOrganizationUrl(input)).toMatchObject({ url, kind, releaseUrl });
  });

  it('names the organization or collection', () => {
    expect(parseOrganizationUrl('https://server/tfs/Default%20Collection').name).toBe(
      'Default Collection',
    );
    expect(parseOrganizationUrl('https://dev.azure.com/contoso').name).toBe('contoso');
  });

  it.each([
    ['', /empty/],
    [
      'http://server:8080/tfs/DefaultCollection',
      /plain http:\/\/ is accepted for loopback addresses only/,
    ],
    ['http://dev.azure.com/contoso', /loopback addresses only/],
    ['ftp://dev.azure.com/contoso', /neither a URL nor an organization name/],
    ['dev.azure.com/contoso', /neither a URL nor an organization name/],
    ['contoso org', /neither a URL nor an organization name/],
    ['https://dev.azure.com', /names no organization/],
    [
      'https://dev.azure.com/contoso/DevOps',
      /project URL: give --organization https:\/\/dev.azure.com\/contoso and --project DevOps/,
    ],
    ['https://contoso.visualstudio.com/DevOps', /project URL/],
    ['https://server/', /names no collection/],
    ['https://server/tfs', /names no collection/],
    ['https://dev.azure.com/contoso?x=1', /query or fragment/],
    ['https://vsrm.dev.azure.com/contoso', /release host/],
  ])('refuses %j, naming --organization and the accepted forms', (input, problem) => {
    let error: unknown;
    try {
      parseOrganizationUrl(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ input: '--organization' });
    expect((error as UsageError).message).toMatch(problem);
    expect((error as UsageError).message).toMatch(/https:\/\/dev\.azure\.com\/ORG/);
  });

  it('never echoes a password given in the URL', () => {
    expect(() => parseOrganizationUrl('https://user:hunter2secret@dev.azure.com/contoso')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2secret') }),
    );
  });

  it('never echoes a value that is not a URL (it may be a token given by mistake)', () => {
    const token = 'ozdtop3zsyec5mdvi6n2tbhz4g7esglgvpsv24qak6gfbem3ztbq';
    expect(() => parseOrganizationUrl(token)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(token) }),
    );
  });
});

describe('the release host of a URL that does not tell it', () => {
  const definitions = [
    project({ releaseDefinitions: [releaseDefinition({ id: 1, name: 'app' })] }),
  ];

  it('services: the Release area of ResourceAreas, asked once', async () => {
    const sim = await startTestSimulator(scenario({ projects: definitions }));
    const { client } = clientFor(sim);
    expect(client.organization.releaseUrl).toBeNull();
    expect(await client.location.releaseUrl()).toBe(sim.releaseUrl);
    expect(sim.releaseUrl).not.toBe(sim.organizationUrl);
    const first = await client.releases.getDefinition('Infrastructure', 1);
    const second = await client.releases.getDefinition('Infrastructure', 1);
    expect([first.name, second.name]).toEqual(['app', 'app']);
    expect(requestsTo(sim, 'GET', /_apis\/ResourceAreas$/)).toHaveLength(1);
    expect(
      requestsTo(sim, 'GET', /^\/vsrm\/contoso\/Infrastructure\/_apis\/release\/definitions\/1$/),
    ).toHaveLength(2);
    expect(checkRequestLog(sim)).toEqual([]);
  });

  it('server: no resource areas ({count: 0, value: null}), releases on the collection URL', async () => {
    const sim = await startTestSimulator(
      scenario({
        mode: 'server',
        apiVersion: { released: '7.0', max: '7.0' },
        projects: definitions,
      }),
    );
    const { client } = clientFor(sim, { apiVersion: '7.0' });
    expect(sim.organizationUrl).toMatch(/\/tfs\/contoso$/);
    expect(await client.location.releaseUrl()).toBe(sim.organizationUrl);
    expect((await client.releases.getDefinition('Infrastructure', 1)).name).toBe('app');
    expect(
      requestsTo(sim, 'GET', /^\/tfs\/contoso\/Infrastructure\/_apis\/release\/definitions\/1$/),
    ).toHaveLength(1);
    // The Location resources are preview-only: asked for with -preview.
    expect(requestsTo(sim, 'GET', /_apis\/ResourceAreas$/)[0]?.headers.accept).toBe(
      'application/json;api-version=7.0-preview.1',
    );
    expect(checkRequestLog(sim)).toEqual([]);
  });
});
