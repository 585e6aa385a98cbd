import { readYaml as readYamlSource, type YamlSource } from '../../yaml/source.ts';
import { ScenarioError } from './scenario-error.ts';

export { describePath, fail, type YamlPath } from '../../yaml/source.ts';

/** A parsed scenario file; its errors are ScenarioErrors. */
export type ScenarioSource = YamlSource;

/** Parses scenario YAML; a syntax error becomes a ScenarioError where the parser stopped. */
export function readYaml(text: string, file: string): ScenarioSource {
  return readYamlSource(text, file, (...args) => new ScenarioError(...args));
}
