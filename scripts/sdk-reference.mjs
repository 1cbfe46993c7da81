#!/usr/bin/env node
// Writes SDK.md, the reference of the SDK's public API, from the source: for each entry point
// (scripts/entry-points.mjs), every exported function, class and resource method with its parameters
// and the options each takes (types as written in the source, first line of each doc comment).
//
//   node scripts/sdk-reference.mjs          # write SDK.md
//   node scripts/sdk-reference.mjs --check  # exit 1 if SDK.md is not what the source gives (npm test runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { entryPoints } from './entry-points.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'SDK.md');
const packageName = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;

const configPath = join(root, 'tsconfig.json');
const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(configPath, ts.sys.readFile).config,
  ts.sys,
  root,
);
const program = ts.createProgram(
  entryPoints.map((e) => join(root, e.source)),
  config.options,
);
const checker = program.getTypeChecker();
const srcDir = join(root, 'src') + '/';

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
const cell = (text) => oneLine(text).replace(/\|/g, '\\|');
function summary(symbol) {
  const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const first = oneLine(doc).match(/^.*?(?<!\b(?:e\.g|i\.e|etc))[.!?](?=\s|$)/)?.[0] ?? oneLine(doc);
  return first || '';
}
const declaredInSrc = (symbol) =>
  (symbol?.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(srcDir));
const generatedDir = join(root, 'generated') + '/';
const declaredHere = (symbol) =>
  (symbol?.declarations ?? []).some((d) =>
    [srcDir, generatedDir].some((dir) => d.getSourceFile().fileName.startsWith(dir)),
  );

const resolveAlias = (symbol) =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

function typeText(symbol) {
  const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (decl && decl.type) return oneLine(decl.type.getText());
  return oneLine(checker.typeToString(checker.getTypeOfSymbol(symbol)));
}

function signatureText(name, decl) {
  const params = decl.parameters
    .map(
      (p) =>
        `${p.name.getText()}${p.questionToken || p.initializer ? '?' : ''}${p.type ? `: ${oneLine(p.type.getText())}` : ''}`,
    )
    .join(', ');
  const returns = decl.type ? `: ${oneLine(decl.type.getText())}` : '';
  return `${name}(${params})${returns}`;
}

/** Where each options type's members are listed (name -> the function whose parameter takes it). */
const membersShownAt = new Map();

/** The interface or type of src/ a parameter's type is, or wraps (`Partial<KaleyraClientOptions>`). */
function optionsSymbol(type) {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (symbol && declaredInSrc(symbol)) return symbol;
  const wrapped = type.aliasTypeArguments?.[0];
  const inner = wrapped && (wrapped.aliasSymbol ?? wrapped.getSymbol());
  return inner && declaredInSrc(inner) ? inner : undefined;
}

/** The options table for a parameter whose type is an object type declared in src/. */
function optionsTable(param, where) {
  // An optional parameter's type includes undefined; the options are those of the rest.
  const type = checker.getNonNullableType(checker.getTypeAtLocation(param));
  const symbol = optionsSymbol(type);
  // CallOptions has its own section (it applies to every method).
  if (!symbol || symbol.name === 'CallOptions' || (type.flags & ts.TypeFlags.Object) === 0) return '';
  const props = checker.getPropertiesOfType(type).filter(declaredHere);
  if (props.length === 0) return '';
  if (symbol.name !== '__type' && !membersShownAt.has(symbol.name)) membersShownAt.set(symbol.name, where);
  const rows = props.map((p) => {
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    return `| \`${p.name}\`${optional ? '' : ' (required)'} | \`${cell(typeText(p))}\` | ${cell(summary(p))} |`;
  });
  const heading =
    symbol.name === '__type'
      ? `\`${param.name.getText()}\``
      : `\`${param.name.getText()}\`: \`${param.type ? oneLine(param.type.getText()) : symbol.name}\``;
  return `\n${heading}\n\n| option | type | |\n|---|---|---|\n${rows.join('\n')}\n`;
}

function functionSection(name, symbol, level) {
  const out = [];
  for (const decl of symbol.declarations ?? []) {
    if (!ts.isFunctionDeclaration(decl) && !ts.isMethodDeclaration(decl)) continue;
    if (!decl.body && (symbol.declarations ?? []).some((d) => d !== decl && 'body' in d && d.body)) continue; // overload signatures: the implementation's
    out.push(
      `${'#'.repeat(level)} \`${signatureText(name, decl)}\`\n\n${summary(symbol) || '(no description)'}\n`,
    );
    for (const param of decl.parameters) out.push(optionsTable(param, name));
  }
  return out.join('\n');
}

/** A member tagged `@internal` is public to TypeScript only so the SDK's own layers can reach it. */
const isInternal = (decl) => ts.getJSDocTags(decl).some((tag) => tag.tagName.text === 'internal');

/** `[Symbol.asyncIterator]` as written, not the checker's `__@asyncIterator@538`. */
const memberName = (member, decl) =>
  decl.name && ts.isComputedPropertyName(decl.name) ? decl.name.getText() : member.name;

function classSection(name, symbol, level, seen) {
  const out = [`${'#'.repeat(level)} \`${name}\`\n\n${summary(symbol) || '(no description)'}\n`];
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  for (const member of checker.getPropertiesOfType(type)) {
    const decl = member.valueDeclaration;
    if (!decl || !decl.getSourceFile().fileName.startsWith(srcDir)) continue;
    const modifiers = ts.getCombinedModifierFlags(decl);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || member.name.startsWith('#'))
      continue;
    if (isInternal(decl)) continue;
    if (ts.isMethodDeclaration(decl)) out.push(functionSection(memberName(member, decl), member, level + 1));
    else
      out.push(
        `- \`${member.name}\`: \`${cell(typeText(member))}\`${summary(member) ? ` — ${summary(member)}` : ''}`,
      );
  }
  seen.add(symbol);
  return out.join('\n');
}

function interfaceSection(name, symbol, level, seen) {
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const out = [`${'#'.repeat(level)} \`${name}\`\n\n${summary(symbol) || '(no description)'}\n`];
  const resources = [];
  out.push('| property | type | |\n|---|---|---|');
  for (const p of checker.getPropertiesOfType(type)) {
    out.push(
      `| \`${p.name}\`${p.flags & ts.SymbolFlags.Optional ? '' : ' (required)'} | \`${cell(typeText(p))}\` | ${cell(summary(p))} |`,
    );
    const propType = checker.getTypeOfSymbol(p).getSymbol();
    if (propType && propType.flags & ts.SymbolFlags.Class && declaredInSrc(propType) && !seen.has(propType))
      resources.push([`${name}.${p.name}`, propType]);
  }
  out.push('');
  for (const [label, cls] of resources) out.push(classSection(`${label}`, cls, level + 1, seen));
  seen.add(symbol);
  return out.join('\n');
}

/**
 * The properties an interface, or an alias of an object type (`Schemas[...] & { wabaId }`), declares
 * in src/ or generated/: not those it inherits from the standard library (a Map's iterator).
 */
function ownMembers(symbol) {
  const isAlias = symbol.flags & ts.SymbolFlags.TypeAlias;
  if (!(symbol.flags & ts.SymbolFlags.Interface) && !isAlias) return [];
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  if (isAlias && (type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) === 0) return [];
  const members = checker.getPropertiesOfType(type).filter(declaredHere);
  // A generated type passed through as it is (Schemas, Paths) is the API reference's to describe.
  return isAlias && !members.some(declaredInSrc) ? [] : members;
}

/** An interface and the table of its properties. */
function membersSection(name, symbol, level) {
  const rows = ownMembers(symbol).map((p) => {
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    return `| \`${memberName(p, decl ?? {})}\`${optional ? '' : ' (required)'} | \`${cell(typeText(p))}\` | ${cell(summary(p))} |`;
  });
  const about = summary(symbol);
  return `${'#'.repeat(level)} \`${name}\`\n\n${about ? `${about}\n\n` : ''}| property | type | |\n|---|---|---|\n${rows.join('\n')}\n`;
}

/** One line of "Types and constants"; an interface links to the table of its members. */
function otherLine([name, symbol]) {
  const shownAt = membersShownAt.get(name) ?? (ownMembers(symbol).length > 0 ? 'below' : undefined);
  const members = shownAt === 'below' ? 'Members: below.' : shownAt ? `Members: see \`${shownAt}\`.` : '';
  const about = [summary(symbol), members].filter(Boolean).join(' ');
  return `- \`${name}\`${about ? `: ${about}` : ''}`;
}

const sections = [
  `# SDK reference

Generated from the source by \`node scripts/sdk-reference.mjs\` (\`npm test\` fails when this file is out
of date). Every exported function, class and resource method of each entry point, with its parameters
and options; types are as written in the source, descriptions are the first sentence of each doc
comment. For the HTTP API itself see the API reference (\`npm run docs\`), and the README for a tour.
`,
];
for (const entry of entryPoints) {
  const specifier = entry.subpath === '.' ? packageName : `${packageName}/${entry.subpath.slice(2)}`;
  const file = program.getSourceFile(join(root, entry.source));
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const exports = checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, resolveAlias(s)]);
  const seen = new Set();
  const functions = [];
  const classes = [];
  const interfaces = [];
  const others = [];
  for (const [name, symbol] of exports) {
    if (symbol.flags & ts.SymbolFlags.Function) functions.push(functionSection(name, symbol, 3));
    else if (symbol.flags & ts.SymbolFlags.Class) classes.push([name, symbol]);
    else if (symbol.flags & ts.SymbolFlags.Interface && name === 'KaleyraClient')
      interfaces.unshift([name, symbol]);
    // Per-call options apply to every method; other options types are shown where they are taken.
    else if (symbol.flags & ts.SymbolFlags.Interface && name === 'CallOptions')
      interfaces.push([name, symbol]);
    else others.push([name, symbol]);
  }
  sections.push(`## \`${specifier}\`\n`);
  if (functions.length) sections.push(`### Functions\n\n${functions.join('\n').replace(/^### /gm, '#### ')}`);
  for (const [name, symbol] of interfaces) sections.push(interfaceSection(name, symbol, 3, seen));
  const errorClasses = classes.filter(([name]) => /Error$/.test(name));
  const otherClasses = classes.filter(([name]) => !/Error$/.test(name));
  for (const [name, symbol] of otherClasses)
    if (!seen.has(symbol)) sections.push(classSection(name, symbol, 3, seen));
  if (errorClasses.length)
    sections.push(
      `### Errors\n\n${errorClasses.map(([name, symbol]) => classSection(name, symbol, 4, seen)).join('\n')}`,
    );
  if (others.length) sections.push(`### Types and constants\n\n${others.map(otherLine).join('\n')}\n`);
  // An interface whose members no function's table lists gets its own table, never a bare name.
  const unlisted = others.filter(
    ([name, symbol]) => !membersShownAt.has(name) && ownMembers(symbol).length > 0,
  );
  for (const [name, symbol] of unlisted) sections.push(membersSection(name, symbol, 4));
}
const text =
  sections
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd() + '\n';

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // no SDK.md yet: it differs from `text` below
  }
  if (current !== text) {
    console.error('SDK.md is out of date: run `node scripts/sdk-reference.mjs`.');
    process.exit(1);
  }
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${outFile} (${text.split('\n').length} lines)`);
}
