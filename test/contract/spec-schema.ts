/**
 * Turns the Swagger 2.0 schemas of the vendored specs into JSON Schema for ajv, made strict so a
 * simulator that invents a field, a type or an enum value fails. The general rules are here; the
 * exceptions for single definitions are in spec-exceptions.ts, each with its reason.
 */
import type { FormatName } from 'ajv-formats';
import { ARRAY_DEFINITIONS, WIRE_OVERRIDES } from './spec-exceptions.ts';

/** A Swagger 2.0 schema object, as far as the vendored specs use it. */
export interface SwaggerSchema {
  readonly type?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly additionalProperties?: SwaggerSchema | boolean;
  readonly items?: SwaggerSchema;
  readonly allOf?: readonly SwaggerSchema[];
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
}

export type JsonSchema = Record<string, unknown>;

/**
 * `response`: what the service sends, enums exactly as the spec spells them (camelCase, fact
 * sheet §0.4). `request`: what the service accepts, where an enum may also be sent as a number
 * (the Node client does) or in another letter case.
 */
export type Direction = 'response' | 'request';

/** The custom keyword that checks a request's enum value case-insensitively (see spec-validate). */
export const ENUM_IGNORE_CASE = 'enumIgnoreCase';

/** Swagger formats checked with ajv-formats' own definitions. */
export const LIBRARY_FORMATS: readonly FormatName[] = ['uuid', 'int32', 'int64', 'double', 'byte'];

/**
 * Formats checked: those above, and `date-time` in a lenient ISO-8601 form (registered in
 * spec-validate). Swagger's .NET formats (`TimeSpan`, `T`, `JToken`, `decimal`, `Stream`…)
 * describe nothing JSON can check and are dropped.
 */
const CHECKED_FORMATS: ReadonlySet<string> = new Set(['date-time', ...LIBRARY_FORMATS]);

const DEFINITION_REF = '#/definitions/';

export interface ConvertedSpec {
  /** JSON Schema `definitions`, to register with ajv under the spec's id. */
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  /**
   * Converts an operation's body or response schema (which may `$ref` the definitions). A body is
   * never null, so a reference here is converted as not nullable.
   */
  convert(schema: SwaggerSchema): JsonSchema;
}

/** Fields to accept beyond a definition's own, by definition name (see WIRE_EXTRA_FIELDS). */
export type ExtraFields = Readonly<Record<string, Readonly<Record<string, SwaggerSchema>>>>;

/**
 * Converts a spec's definitions for one direction. `refBase` is the absolute id under which the
 * returned definitions are registered, so that operation schemas can point at them.
 */
export function convertSpec(
  definitions: Readonly<Record<string, SwaggerSchema>>,
  refBase: string,
  direction: Direction,
  extraFields: ExtraFields = {},
): ConvertedSpec {
  const converter = new SchemaConverter(definitions, refBase, direction, extraFields);
  const converted: Record<string, JsonSchema> = {};
  for (const name of Object.keys(definitions)) converted[name] = converter.definition(name);
  return { definitions: converted, convert: (schema) => converter.schema(schema, false) };
}

class SchemaConverter {
  readonly #definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly #refBase: string;
  readonly #direction: Direction;
  readonly #extraFields: ExtraFields;
  /** Direct subtypes of each definition (definitions that `allOf` it). */
  readonly #subtypes = new Map<string, string[]>();

  constructor(
    definitions: Readonly<Record<string, SwaggerSchema>>,
    refBase: string,
    direction: Direction,
    extraFields: ExtraFields,
  ) {
    this.#definitions = definitions;
    this.#refBase = refBase;
    this.#direction = direction;
    this.#extraFields = extraFields;
    for (const [name, schema] of Object.entries(definitions)) {
      for (const parent of schema.allOf ?? []) {
        const base = refName(parent);
        if (base === null) continue;
        this.#subtypes.set(base, [...(this.#subtypes.get(base) ?? []), name]);
      }
    }
  }

  /**
   * A definition, nullable (a property that holds it may be null, see `schema`). Places where
   * null is not allowed wrap the reference with a `type` (see `reference`).
   */
  definition(name: string): JsonSchema {
    const override = WIRE_OVERRIDES[name];
    if (override) return override;
    const itemName = ARRAY_DEFINITIONS[name];
    if (itemName !== undefined) {
      return { type: ['array', 'null'], items: this.reference(itemName, false) };
    }
    const properties: Record<string, JsonSchema> = {};
    const accepted = this.#acceptedProperties(name);
    for (const [property, schema] of Object.entries(this.#extraFields[name] ?? {})) {
      // A field the spec defines but types differently from the wire is retyped, not widened.
      accepted.set(property, [schema]);
    }
    for (const [property, variants] of accepted) {
      const converted = variants.map((schema) => this.schema(schema, true));
      properties[property] = converted.length === 1 ? (converted[0] ?? {}) : { anyOf: converted };
    }
    return { type: ['object', 'null'], properties, additionalProperties: false };
  }

  /**
   * The properties an instance of a definition may carry: its own, its ancestors' (`allOf`), and
   * those of every subtype. Subtypes are included because the service sends a subtype where the
   * spec names the base: a build's `definition` (DefinitionReference) carries `drafts`
   * (BuildDefinitionReference), a release's `deployPhasesSnapshot` (DeployPhase) carries
   * `deploymentInput` (AgentBasedDeployPhase), `process` (BuildProcess) carries `yamlFilename`
   * (YamlProcess). A field found in no type of the family still fails. The named type's own
   * declaration of a property wins; where only subtypes declare it, differently (a check
   * configuration's `settings`), any of their declarations is accepted.
   */
  #acceptedProperties(name: string): Map<string, SwaggerSchema[]> {
    const accepted = new Map<string, SwaggerSchema[]>();
    for (const [property, schema] of this.#ownAndInherited(name)) accepted.set(property, [schema]);
    const fromSubtypes = new Map<string, SwaggerSchema[]>();
    const pending = [...(this.#subtypes.get(name) ?? [])];
    const seen = new Set<string>([name]);
    for (let subtype = pending.shift(); subtype !== undefined; subtype = pending.shift()) {
      if (seen.has(subtype)) continue;
      seen.add(subtype);
      for (const [property, schema] of this.#ownAndInherited(subtype)) {
        if (accepted.has(property)) continue;
        const variants = fromSubtypes.get(property) ?? [];
        const text = JSON.stringify(schema);
        if (!variants.some((variant) => JSON.stringify(variant) === text)) variants.push(schema);
        fromSubtypes.set(property, variants);
      }
      pending.push(...(this.#subtypes.get(subtype) ?? []));
    }
    for (const [property, variants] of fromSubtypes) accepted.set(property, variants);
    return accepted;
  }

  #ownAndInherited(
    name: string,
    seen: ReadonlySet<string> = new Set(),
  ): Map<string, SwaggerSchema> {
    const properties = new Map<string, SwaggerSchema>();
    const definition = this.#definitions[name];
    if (!definition || seen.has(name)) return properties;
    for (const parent of definition.allOf ?? []) {
      const base = refName(parent);
      if (base === null) continue;
      for (const [property, schema] of this.#ownAndInherited(base, new Set([...seen, name]))) {
        properties.set(property, schema);
      }
    }
    for (const [property, schema] of Object.entries(definition.properties ?? {})) {
      properties.set(property, schema);
    }
    return properties;
  }

  /**
   * Converts a schema. `nullable`: the schema is a property's, and the spec marks no property
   * required, while the service serializes unset ones as `null`.
   */
  schema(schema: SwaggerSchema, nullable: boolean): JsonSchema {
    const referenced = refName(schema) ?? singleAllOfRef(schema);
    if (referenced !== null) return this.reference(referenced, nullable);
    switch (schema.type) {
      case 'object':
        return this.#object(schema, nullable);
      case 'array':
        return {
          type: withNull('array', nullable),
          ...(schema.items ? { items: this.schema(schema.items, false) } : {}),
        };
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return this.#primitive(schema, schema.type, nullable);
      case undefined:
      default:
        // The specs write enums without a type; the service sends their names as strings.
        if (schema.enum) return this.#primitive(schema, 'string', nullable);
        // No type and no enum: the spec promises nothing.
        return {};
    }
  }

  /** A `$ref`; definitions allow null themselves, so a non-null use adds the base type. */
  reference(name: string, nullable: boolean): JsonSchema {
    const ref = { $ref: `${this.#refBase}${DEFINITION_REF}${name}` };
    if (nullable) return ref;
    const type = ARRAY_DEFINITIONS[name] !== undefined ? 'array' : 'object';
    return { type, allOf: [ref] };
  }

  #object(schema: SwaggerSchema, nullable: boolean): JsonSchema {
    const extra = schema.additionalProperties;
    const converted: JsonSchema = { type: withNull('object', nullable) };
    if (schema.properties) {
      const properties: Record<string, JsonSchema> = {};
      for (const [property, value] of Object.entries(schema.properties)) {
        properties[property] = this.schema(value, !(schema.required ?? []).includes(property));
      }
      converted.properties = properties;
      converted.additionalProperties = false;
    }
    // An open dictionary (`additionalProperties` given): its keys are the caller's, its values
    // are checked. An object with neither (a plain `object`, e.g. a JSON Patch operation's
    // `value`) stays open: the spec says nothing about its fields.
    if (extra !== undefined) {
      converted.additionalProperties =
        typeof extra === 'boolean' ? extra : this.schema(extra, false);
    }
    return converted;
  }

  #primitive(schema: SwaggerSchema, type: string, nullable: boolean): JsonSchema {
    const converted: JsonSchema = { type: withNull(type, nullable) };
    if (schema.format !== undefined && CHECKED_FORMATS.has(schema.format)) {
      converted.format = schema.format;
    }
    if (schema.enum) {
      if (this.#direction === 'response') {
        converted.enum = nullable ? [...schema.enum, null] : [...schema.enum];
      } else {
        // The service takes an enum as its name in any letter case, or as its number (§0.4).
        converted.type = withNull(['string', 'integer'], nullable);
        converted[ENUM_IGNORE_CASE] = [...schema.enum];
      }
    }
    return converted;
  }
}

function refName(schema: SwaggerSchema): string | null {
  return schema.$ref?.startsWith(DEFINITION_REF) ? schema.$ref.slice(DEFINITION_REF.length) : null;
}

/** `{allOf: [{$ref}]}` with nothing else is Swagger's way to annotate a reference. */
function singleAllOfRef(schema: SwaggerSchema): string | null {
  const only = schema.allOf?.length === 1 && !schema.properties ? schema.allOf[0] : undefined;
  return only ? refName(only) : null;
}

function withNull(type: string | readonly string[], nullable: boolean): string | string[] {
  const types = typeof type === 'string' ? [type] : [...type];
  if (nullable) types.push('null');
  return types.length === 1 ? (types[0] ?? 'null') : types;
}
