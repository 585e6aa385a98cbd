/**
 * Exports of src/ that nothing imports: not another src/ file, not a test, not a build script.
 * The library's entry (src/index.ts) and the bundles' entries are used by definition. An import of
 * a whole module (`import * as`, `export *`, `import()`) counts as using every export.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { SRC, sourceFiles } from './source-graph.ts';

const ROOT = resolve(SRC, '..');
const ENTRIES = ['index.ts'];

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

/** The names a file exports (a re-export included). */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        names.push(...statement.exportClause.elements.map((element) => element.name.text));
      }
    } else if (ts.isExportAssignment(statement)) {
      names.push('default');
    } else if (isExported(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        }
      } else {
        const name = (statement as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) names.push(name.text);
      }
    }
  }
  return names;
}

/** Adds to `used` (file → names) what `source` imports from src/. */
function collectImports(source: ts.SourceFile, src: string, used: Map<string, Set<string>>): void {
  const use = (specifier: ts.Expression | undefined, names: readonly string[]): void => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    const target = relative(src, resolve(dirname(source.fileName), specifier.text));
    const set = used.get(target) ?? new Set<string>();
    names.forEach((name) => set.add(name));
    used.set(target, set);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
      if (bindings && ts.isNamedImports(bindings)) {
        names.push(...bindings.elements.map((item) => (item.propertyName ?? item.name).text));
      }
      use(node.moduleSpecifier, names);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      use(
        node.moduleSpecifier,
        clause && ts.isNamedExports(clause)
          ? clause.elements.map((item) => (item.propertyName ?? item.name).text)
          : ['*'],
      );
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      use(node.arguments[0], ['*']);
    } else if (ts.isStringLiteral(node) && /^(\.\/)?src\/.*\.ts$/.test(node.text)) {
      // A build script's entry point, named from the repository's root.
      const file = relative(src, resolve(ROOT, node.text));
      used.set(file, new Set(['*']));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * `file (relative to src): name` of every export nothing imports; by default of src/, imported
 * from src/, test/ and scripts/.
 */
export function unusedExports(
  src = SRC,
  importers = [...filesUnder('test', /\.ts$/), ...filesUnder('scripts', /\.m?[jt]s$/)],
): string[] {
  const sources = sourceFiles(src).map(parse);
  const others = importers.map(parse);
  const used = new Map<string, Set<string>>();
  for (const source of [...sources, ...others]) collectImports(source, src, used);
  const unused: string[] = [];
  for (const source of sources) {
    const file = relative(src, source.fileName);
    if (ENTRIES.includes(file)) continue;
    const names = used.get(file) ?? new Set<string>();
    if (names.has('*')) continue;
    for (const name of exportedNames(source)) {
      if (!names.has(name)) unused.push(`${file}: ${name}`);
    }
  }
  return unused;
}
