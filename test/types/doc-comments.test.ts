import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every public method and option of the SDK says in one line what it is for: the editor shows these
// summaries where people call the SDK. Private members (`#x`, `private`) are exempt. src/cli is the CLI,
// not the SDK, so it is not listed; folders are walked with their subfolders (src/broadcast/bullmq).
const FOLDERS = [
  'src/client',
  'src/resources',
  'src/core',
  'src/callbacks',
  'src/errors',
  'src/files',
  'src/validation',
  'src/node',
  'src/broadcast',
  'src/testing',
  'src/transport',
];
const FILES = ['src/index.ts', 'src/pods.ts'];

function undocumented(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  const hasDoc = (node: ts.Node) =>
    ts
      .getJSDocCommentsAndTags(node)
      .some((doc) =>
        ts.isJSDoc(doc) && typeof doc.comment === 'string'
          ? doc.comment.trim() !== ''
          : ts.isJSDoc(doc) && doc.comment !== undefined,
      );
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isPrivate = (node: ts.Node) =>
    (ts.canHaveModifiers(node) &&
      (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) ||
    ((node as ts.NamedDeclaration).name !== undefined &&
      ts.isPrivateIdentifier((node as ts.NamedDeclaration).name!));
  const where = (node: ts.Node, name: string) =>
    `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${name}`;

  for (const statement of source.statements) {
    if (!exported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && !hasDoc(statement))
      missing.push(where(statement, statement.name?.text ?? 'function'));
    if (ts.isClassDeclaration(statement)) {
      if (!hasDoc(statement)) missing.push(where(statement, statement.name?.text ?? 'class'));
      for (const member of statement.members) {
        if (!(
          ts.isMethodDeclaration(member) ||
          ts.isConstructorDeclaration(member) ||
          ts.isPropertyDeclaration(member) ||
          ts.isGetAccessor(member)
        ))
          continue;
        if (isPrivate(member)) continue;
        if (!hasDoc(member))
          missing.push(
            where(member, `${statement.name?.text}.${member.name?.getText(source) ?? 'constructor'}`),
          );
      }
    }
    if (ts.isInterfaceDeclaration(statement)) {
      for (const member of statement.members) {
        if (!hasDoc(member))
          missing.push(where(member, `${statement.name.text}.${member.name?.getText(source)}`));
      }
    }
  }
  return missing;
}

describe('doc comments', () => {
  it('every exported function, class, public method and option of the SDK has a summary', () => {
    const files = [
      ...FILES,
      ...FOLDERS.flatMap((folder) =>
        readdirSync(folder, { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.ts'))
          .map((name) => join(folder, name)),
      ),
    ];
    expect(files.length).toBeGreaterThan(60);
    expect(files.flatMap(undocumented)).toEqual([]);
  });
});
