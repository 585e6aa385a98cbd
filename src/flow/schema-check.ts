import type { ValidateFunction } from 'ajv';
import schema from '../../schemas/flow.schema.json' with { type: 'json' };
import { checkSchema, compileSchema } from '../yaml/schema-check.ts';
import type { YamlSource } from '../yaml/source.ts';
import type { RawFlow } from './raw.ts';

let compiled: ValidateFunction | undefined;

/** Checks the file against schemas/flow.schema.json, at the line and column of the fault. */
export function checkFlowSchema(source: YamlSource): RawFlow {
  compiled ??= compileSchema(schema);
  return checkSchema<RawFlow>(source, compiled, {
    schemaName: 'flow',
    emptyReason: 'the flow is empty; it needs a "steps" list',
    secretKeys: ['pat', 'token'],
  });
}
