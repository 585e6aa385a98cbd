/**
 * The official Azure DevOps REST specs (vendored under ./specs, 7.1) as an index of operations,
 * with validators that check a request body or a response against them. The simulator is checked
 * against these, so that what it answers is what a client of the real service can receive.
 */
export type { SpecArea } from './spec-load.ts';
export { findOperation, listOperations, type SpecOperation } from './spec-operations.ts';
export { validateRequestBody, validateResponse } from './spec-validate.ts';
