/**
 * Azure Pipelines' template expansion, for the few expressions templates/aztm-step.yml uses:
 * parameters with their defaults and allowed values, `${{ if ... }}` insertion, and `${{ }}`
 * expressions with eq, ne, iif, format and convertToJson. Anything else throws, so a template
 * change the tests cannot expand fails them instead of passing unexpanded.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Value = string | number | boolean | Value[] | { [key: string]: Value };

interface ParameterSpec {
  readonly name: string;
  readonly type: 'string' | 'number' | 'boolean' | 'object';
  readonly default?: Value;
  readonly values?: readonly string[];
}

export interface Template {
  readonly parameters: readonly ParameterSpec[];
  readonly steps: readonly Value[];
}

export function readTemplate(path: string): Template {
  return parse(readFileSync(path, 'utf8')) as Template;
}

/** The template's steps with `given` parameters, as the server expands them at queue time. */
export function expandSteps(template: Template, given: Record<string, Value>): Value[] {
  const parameters: Record<string, Value> = {};
  for (const name of Object.keys(given)) {
    if (!template.parameters.some((spec) => spec.name === name)) {
      throw new Error(`the template has no parameter "${name}"`);
    }
  }
  for (const spec of template.parameters) {
    const value = given[spec.name] ?? spec.default;
    if (value === undefined) throw new Error(`parameter ${spec.name} has no value`);
    if (spec.values && !spec.values.includes(render(value))) {
      throw new Error(
        `parameter ${spec.name}: "${render(value)}" is not one of ${spec.values.join(', ')}`,
      );
    }
    parameters[spec.name] = value;
  }
  return expandList(template.steps, parameters);
}

function expandList(items: readonly Value[], parameters: Record<string, Value>): Value[] {
  const out: Value[] = [];
  for (const item of items) {
    const condition = conditionOf(item);
    if (condition !== null) {
      if (truthy(evaluate(condition.expression, parameters))) {
        out.push(...expandList(condition.body as Value[], parameters));
      }
      continue;
    }
    out.push(expandValue(item, parameters));
  }
  return out;
}

function conditionOf(item: Value): { expression: string; body: Value } | null {
  if (typeof item !== 'object' || Array.isArray(item)) return null;
  const keys = Object.keys(item);
  const match = keys.length === 1 ? /^\$\{\{\s*if\s+(.+?)\s*\}\}$/.exec(keys[0] ?? '') : null;
  return match?.[1] ? { expression: match[1], body: item[keys[0] ?? ''] as Value } : null;
}

function expandValue(value: Value, parameters: Record<string, Value>): Value {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) =>
      render(evaluate(expression, parameters)),
    );
  }
  if (Array.isArray(value)) return expandList(value, parameters);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key.startsWith('${{')) throw new Error(`unsupported conditional key ${key}`);
        return [key, expandValue(inner, parameters)];
      }),
    );
  }
  return value;
}

/** How a value reads inside a string: booleans as True/False, as the server writes them. */
function render(value: Value): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') throw new Error('an object cannot be put in a string');
  return String(value);
}

function truthy(value: Value): boolean {
  return value !== false && value !== '' && value !== 0;
}

/** A tiny recursive-descent reader of `f(a, 'b', parameters.c)`. */
function evaluate(expression: string, parameters: Record<string, Value>): Value {
  let at = 0;
  const skip = (): void => {
    while (expression[at] === ' ') at++;
  };
  const read = (): Value => {
    skip();
    if (expression[at] === "'") {
      let text = '';
      at++;
      for (;;) {
        const char = expression[at++];
        if (char === undefined) throw new Error(`unterminated string in ${expression}`);
        if (char === "'") {
          if (expression[at] !== "'") break;
          at++;
        }
        text += char;
      }
      return text;
    }
    const name = /^[\w.]+/.exec(expression.slice(at))?.[0];
    if (!name) throw new Error(`cannot read ${expression} at ${at}`);
    at += name.length;
    skip();
    if (expression[at] !== '(') {
      if (name === 'true' || name === 'false') return name === 'true';
      const parameter = /^parameters\.(\w+)$/.exec(name)?.[1];
      if (parameter === undefined || !(parameter in parameters)) {
        throw new Error(`unknown name ${name} in ${expression}`);
      }
      return parameters[parameter] as Value;
    }
    at++;
    const args: Value[] = [];
    skip();
    while (expression[at] !== ')') {
      args.push(read());
      skip();
      if (expression[at] === ',') at++;
    }
    at++;
    return call(name, args);
  };
  const value = read();
  skip();
  if (at !== expression.length) throw new Error(`unexpected text in ${expression}`);
  return value;
}

function call(name: string, args: Value[]): Value {
  const [a, b, c] = args;
  switch (name) {
    case 'eq':
      return render(a as Value).toLowerCase() === render(b as Value).toLowerCase();
    case 'ne':
      return render(a as Value).toLowerCase() !== render(b as Value).toLowerCase();
    case 'iif':
      return truthy(a as Value) ? (b as Value) : (c as Value);
    case 'format':
      return render(a as Value).replace(/\{(\d+)\}/g, (_, index: string) =>
        render(args[Number(index) + 1] as Value),
      );
    case 'convertToJson':
      return JSON.stringify(a, null, 2);
    default:
      throw new Error(`unsupported function ${name}`);
  }
}

/** `$(Name)` macros replaced by the job's variables; unknown ones stay, as the agent leaves them. */
export function expandMacros(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\(([\w.]+)\)/g, (whole, name: string) => variables[name] ?? whole);
}
