/**
 * Flow files (docs/design/flow-file.md): loading and validating them, and the order their steps run
 * in.
 */
export { FlowError } from './errors.ts';
export { waves } from './graph.ts';
export type { Flow, FlowStep, StepCondition } from './model.ts';
export { loadFlowFile, parseFlow } from './parse.ts';
