import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers point down: redaction is the ground floor, errors sit on it, the core knows no client
// set-up or resource, and the command line reaches the SDK through the entry points users import.
const root = fileURLToPath(new URL('../../', import.meta.url));
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports, `import()` calls and `import()` types. */
function moduleSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository-relative source files a file imports (packages left out), `.js` read as `.ts`. */
function localImports(file: string): string[] {
  return moduleSpecifiers(file)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

function importsOf(folder: string): Array<[string, string[]]> {
  return sourceFiles(join(src, folder)).map((file) => [relative(root, file), localImports(file)]);
}

const inside = (folders: string[]) => (path: string) =>
  folders.some((folder) => path.startsWith(`src/${folder}/`));

describe('the layers point down', () => {
  it('the redactor lives in src/redaction, which imports nothing else from src', () => {
    const redaction = importsOf('redaction');
    expect(redaction.map(([file]) => file)).toContain('src/redaction/redactor.ts');
    for (const [file, imports] of redaction) {
      const outside = imports.filter((path) => path.startsWith('src/') && !inside(['redaction'])(path));
      expect(outside, file).toEqual([]);
    }
  });

  it('src/errors imports nothing from the core, the client set-up or the resources', () => {
    for (const [file, imports] of importsOf('errors')) {
      expect(imports.filter(inside(['core', 'client', 'resources'])), file).toEqual([]);
    }
  });

  it('src/core imports nothing from the client set-up, the resources or the command line', () => {
    for (const [file, imports] of importsOf('core')) {
      expect(imports.filter(inside(['client', 'resources', 'cli'])), file).toEqual([]);
    }
  });

  it('the command line takes the SDK from its public entry points', () => {
    // What users import: each subpath of package.json's "exports", mapped back to its source file.
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { import?: { types?: string } }>;
    };
    const publicEntries = new Set(
      Object.values(manifest.exports).flatMap((target) => {
        const types = typeof target === 'string' ? undefined : target.import?.types;
        return types === undefined ? [] : [types.replace('./lib/esm/types/', '').replace(/\.d\.ts$/, '.ts')];
      }),
    );
    expect(publicEntries).toContain('src/index.ts');
    expect(publicEntries).toContain('src/node/index.ts');
    // The embedded mock and `trigger` are built on src/testing's internals (the spec walker, the
    // failure plans, the callback dispatcher), which are the mock's own parts, not SDK API.
    const mockParts = new Set(['src/cli/mock-command.ts', 'src/cli/mock-front.ts', 'src/cli/trigger.ts']);
    for (const [file, imports] of importsOf('cli')) {
      const internal = imports.filter(
        (path) =>
          path.startsWith('src/') &&
          !inside(['cli'])(path) &&
          !publicEntries.has(path) &&
          !(mockParts.has(file) && inside(['testing'])(path)),
      );
      expect(internal, file).toEqual([]);
    }
  });
});
