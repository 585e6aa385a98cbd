import { describe, expect, it } from 'vitest';
import schema from '../../schemas/flow.schema.json' with { type: 'json' };

/** Every object schema in the file, with where it is, for the editor-facing checks below. */
function objectSchemas(node: unknown, at = '#'): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return [];
  const found: [string, Record<string, unknown>][] = [];
  const record = node as Record<string, unknown>;
  if (record.type === 'object' && typeof record.properties === 'object') found.push([at, record]);
  for (const [key, value] of Object.entries(record)) {
    found.push(...objectSchemas(value, `${at}/${key}`));
  }
  return found;
}

describe('schemas/flow.schema.json, for editors', () => {
  const objects = objectSchemas(schema);

  it('describes the flow, its steps and the three kinds', () => {
    expect(objects.map(([at]) => at)).toEqual([
      '#',
      '#/definitions/step',
      '#/definitions/pipeline',
      '#/definitions/build',
      '#/definitions/release',
    ]);
  });

  it.each(objects)('%s refuses unknown keys and describes every property', (_at, node) => {
    expect(node.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(node.properties as object)) {
      const described =
        typeof (property as { description?: unknown }).description === 'string' ||
        typeof (property as { $ref?: unknown }).$ref === 'string';
      expect(described, `${name} has a description`).toBe(true);
    }
  });
});
