/**
 * The reference: the least a tool built on the official `azure-devops-node-api` client does to
 * queue a YAML pipeline run, written the way the client's README shows (a WebApi with a PAT
 * handler, then the area's API object). It pays the client's endpoint discovery
 * (docs/design/azure-devops.md §8.1, §8.4) before the create, as any tool built on it does. Bundled
 * into one file by time-to-trigger.ts before it is timed, like aztm is, so it is measured at its
 * best.
 *
 * Usage: node reference.cjs ORG_URL PROJECT PIPELINE_ID (token in REFERENCE_PAT).
 */
import * as azdev from 'azure-devops-node-api';

async function queueRun(): Promise<void> {
  const [orgUrl, project, pipelineId] = process.argv.slice(2);
  const token = process.env.REFERENCE_PAT;
  if (!orgUrl || !project || !pipelineId || !token) {
    throw new Error('usage: reference ORG_URL PROJECT PIPELINE_ID, with REFERENCE_PAT set');
  }
  const connection = new azdev.WebApi(orgUrl, azdev.getPersonalAccessTokenHandler(token));
  const pipelines = await connection.getPipelinesApi();
  const run = await pipelines.runPipeline({}, project, Number(pipelineId));
  console.log(`queued run ${run.id ?? '?'}`);
}

queueRun().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
