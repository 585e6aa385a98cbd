import { parseEnum, ReleaseReason } from '../../azdo/enums.ts';
import { badRequest, type SimHttpError } from '../http/errors.ts';
import type {
  ArtifactVersionSpec,
  ProjectSpec,
  ReleaseDefinitionSpec,
  VariableSpec,
} from '../scenario/model.ts';
import type { SimState } from '../state.ts';
import type { Identity } from './build-record.ts';
import { findReleaseDefinition } from './release-lookup.ts';
import type {
  ReleaseArtifactRecord,
  ReleaseEnvironmentRecord,
  ReleaseReasonName,
  ReleaseRecord,
} from './release-record.ts';
import { describeValue, isObject, readVariableOverrides } from './release-variables.ts';

/** Release environment, deployment and deploy phase ids: one counter each, per simulator. */
const counters = new WeakMap<
  SimState,
  { environment: number; deployment: number; phase: number }
>();

function nextIds(state: SimState): { environment: number; deployment: number; phase: number } {
  // Far from the definition environment ids (1, 2, 3...), so a client mixing them up fails (§4.3).
  const current = counters.get(state) ?? { environment: 3001, deployment: 4001, phase: 5001 };
  counters.set(state, {
    environment: current.environment + 1,
    deployment: current.deployment + 1,
    phase: current.phase + 1,
  });
  return current;
}

function invalid(message: string): SimHttpError {
  return badRequest('InvalidRequestException', message);
}

/**
 * Validates a `ReleaseStartMetadata` body (docs/design/azure-devops.md §4.1) and creates the
 * release at `now`. Throws the service's errors (§5): 404 for an unknown definition, 400
 * InvalidRequestException for the rest.
 */
export function createRelease(
  state: SimState,
  project: ProjectSpec,
  body: unknown,
  createdBy: Identity,
): ReleaseRecord {
  if (!isObject(body)) {
    // [unverified] the service's answer to a missing body; ASP.NET's usual null-argument message.
    throw badRequest(
      'ArgumentNullException',
      'Value cannot be null.\r\nParameter name: releaseStartMetadata',
    );
  }
  // Like the service's deserializer: a numeric string is a number, anything else is id 0.
  const sentId = body.definitionId;
  const definitionId =
    typeof sentId === 'number' || (typeof sentId === 'string' && /^\d+$/.test(sentId))
      ? Number(sentId)
      : 0;
  const definition = findReleaseDefinition(
    project,
    Number.isInteger(definitionId) ? definitionId : 0,
  );
  const artifacts = chooseArtifacts(definition, body.artifacts);
  const variables = readVariableOverrides(definition.variables, body.variables, 'Release');
  const manualEnvironments = readManualEnvironments(definition, body.manualEnvironments);
  const stageVariables = readEnvironmentsMetadata(definition, body.environmentsMetadata);
  const reason = readReason(body.reason);
  if (
    body.description !== undefined &&
    body.description !== null &&
    typeof body.description !== 'string'
  ) {
    throw invalid('The description of a release must be a string.');
  }
  const isDraft = body.isDraft === true;

  const now = state.now();
  const index = state
    .releasesEverCreated()
    .filter(
      (release) => release.projectId === project.id && release.definitionId === definition.id,
    ).length;
  const manual = new Set(manualEnvironments.map((name) => name.toLowerCase()));
  const environments = [...definition.stages]
    .sort((a, b) => a.rank - b.rank)
    .map((stage): ReleaseEnvironmentRecord => {
      const ids = nextIds(state);
      return {
        id: ids.environment,
        definitionEnvironmentId: stage.id,
        name: stage.name,
        rank: stage.rank,
        trigger: stage.trigger,
        deploy: stage.deploys[Math.min(index, stage.deploys.length - 1)] ?? {
          approval: null,
          tasks: [],
        },
        variables: stageVariables.get(stage.id) ?? {},
        preApprovalId: state.nextReleaseApprovalId(),
        postApprovalId: state.nextReleaseApprovalId(),
        deploymentId: ids.deployment,
        deployPhaseId: ids.phase,
        manualSince: manual.has(stage.name.toLowerCase()) ? now : null,
        deployRequest: null,
        cancelRequest: null,
        approvalDecision: null,
        forcedFinish: null,
      };
    });
  const release: ReleaseRecord = {
    id: state.nextReleaseId(),
    projectId: project.id,
    definitionId: definition.id,
    definitionRevision: definition.revision,
    definitionReleaseIndex: index,
    name: releaseName(definition.releaseNameFormat, index + 1),
    createdAt: now,
    createdBy,
    description: typeof body.description === 'string' ? body.description : '',
    reason,
    artifacts,
    variables,
    manualEnvironments,
    status: isDraft ? 'draft' : 'active',
    activatedAt: isDraft ? null : now,
    abandonedAt: null,
    keepForever: false,
    comment: '',
    modifiedAt: now,
    modifiedBy: createdBy,
    environments,
  };
  state.releases.set(release.id, release);
  return release;
}

/** `$(rev:r)` is the definition's release counter; `$(rev:rr)` pads it to two digits, and so on. */
function releaseName(format: string, revision: number): string {
  const name = format.replace(/\$\(rev:(r+)\)/gi, (_match, rs: string) =>
    String(revision).padStart(rs.length, '0'),
  );
  return name.length > 0 ? name : `Release-${revision}`;
}

function chooseArtifacts(
  definition: ReleaseDefinitionSpec,
  sent: unknown,
): ReleaseArtifactRecord[] {
  if (sent !== undefined && sent !== null && !Array.isArray(sent)) {
    throw invalid('artifacts must be an array of {alias, instanceReference}.');
  }
  const chosen = new Map<string, ArtifactVersionSpec>();
  for (const item of (sent ?? []) as unknown[]) {
    const alias = isObject(item) && typeof item.alias === 'string' ? item.alias : '';
    const spec = definition.artifacts.find((a) => a.alias.toLowerCase() === alias.toLowerCase());
    if (!spec) {
      // [unverified] message: the service refuses an alias the pipeline does not have.
      throw invalid(
        `Artifact source with alias '${alias}' does not exist in release pipeline '${definition.name}'. Specify a valid alias and try again.`,
      );
    }
    const reference = isObject(item) ? item.instanceReference : undefined;
    const id =
      isObject(reference) && (typeof reference.id === 'string' || typeof reference.id === 'number')
        ? String(reference.id)
        : '';
    if (id === '') continue; // no version: the default applies, or VS402962 below
    const version = spec.versions.find((v) => v.id === id);
    if (!version) {
      // [unverified] message.
      throw invalid(
        `Version '${id}' of artifact source '${spec.alias}' does not exist. Specify a valid version and try again.`,
      );
    }
    chosen.set(spec.alias, version);
  }
  return definition.artifacts.map((spec) => {
    const version = chosen.get(spec.alias) ?? spec.defaultVersion;
    if (!version) {
      // The observed code and text (docs/design/azure-devops.md §4.1, §12).
      throw invalid(
        `VS402962: No artifact version id is specified corresponding to artifact source '${spec.alias}'. Specify a valid value and try again.`,
      );
    }
    return { spec, version };
  });
}

function readManualEnvironments(definition: ReleaseDefinitionSpec, sent: unknown): string[] {
  if (sent === undefined || sent === null) return [];
  if (!Array.isArray(sent) || !sent.every((name) => typeof name === 'string')) {
    throw invalid('manualEnvironments must be an array of stage names.');
  }
  const names: string[] = sent;
  const unknown = names.filter(
    (name) => !definition.stages.some((stage) => stage.name.toLowerCase() === name.toLowerCase()),
  );
  if (unknown.length > 0) {
    // [unverified] message.
    throw invalid(
      `Stage(s) ${unknown.join(', ')} named in manualEnvironments do not exist in release pipeline '${definition.name}'.`,
    );
  }
  return names;
}

function readEnvironmentsMetadata(
  definition: ReleaseDefinitionSpec,
  sent: unknown,
): Map<number, Readonly<Record<string, VariableSpec>>> {
  const result = new Map<number, Readonly<Record<string, VariableSpec>>>();
  if (sent === undefined || sent === null) return result;
  if (!Array.isArray(sent)) throw invalid('environmentsMetadata must be an array.');
  for (const item of sent as unknown[]) {
    const id = isObject(item) ? item.definitionEnvironmentId : undefined;
    const stage = definition.stages.find((candidate) => candidate.id === id);
    if (!stage || !isObject(item)) {
      // [unverified] message.
      throw invalid(
        `Stage with definition environment ID ${String(id)} does not exist in release pipeline '${definition.name}'.`,
      );
    }
    result.set(stage.id, readVariableOverrides(stage.variables, item.variables, stage.name));
  }
  return result;
}

function readReason(sent: unknown): ReleaseReasonName {
  if (sent === undefined || sent === null) return 'manual';
  const reason = parseEnum(ReleaseReason, sent);
  if (!reason) throw invalid(`'${describeValue(sent)}' is not a valid release reason.`);
  // The service answered a create sent with reason "none" with reason "manual" (httpExample).
  return reason === 'none' ? 'manual' : reason;
}
