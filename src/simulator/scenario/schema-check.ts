import type { ValidateFunction } from 'ajv';
import schema from '../../../schemas/scenario.schema.json' with { type: 'json' };
import { checkSchema as checkYamlSchema, compileSchema } from '../../yaml/schema-check.ts';
import type { RawScenario } from './raw.ts';
import type { ScenarioSource } from './yaml-source.ts';

let compiled: ValidateFunction | undefined;

/** Checks the file against schemas/scenario.schema.json, at the line and column of the fault. */
export function checkSchema(source: ScenarioSource): RawScenario {
  compiled ??= compileSchema(schema);
  return checkYamlSchema<RawScenario>(source, compiled, {
    schemaName: 'scenario',
    emptyReason: 'the scenario is empty; it needs at least a "tokens" list',
    // Never echo a credential back, even a malformed one.
    secretKeys: ['pat', 'bearer'],
  });
}
