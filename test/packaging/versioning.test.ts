import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// One version story (README, "Versioning"): the SDK, the CLI and the OpenAPI document ship together,
// so the document's info.version is the package's version, and the changelog names it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const spec = parse(readFileSync(`${root}spec/openapi.yaml`, 'utf8'));

describe('versioning and licence', () => {
  it("the OpenAPI document's info.version is the package version", () => {
    expect(spec.info.version).toBe(manifest.version);
  });

  it('the changelog has an entry for the package version', () => {
    const changelog = readFileSync(`${root}CHANGELOG.md`, 'utf8');
    expect(changelog).toMatch(new RegExp(`^## \\[?${manifest.version.replace(/\./g, '\\.')}\\]?\\b`, 'm'));
  });

  it('LICENSE, package.json and the document name the same licence, and the package ships the files', () => {
    expect(readFileSync(`${root}LICENSE`, 'utf8').split('\n')[0]).toBe(`${manifest.license} License`);
    expect(spec.info.license.identifier).toBe(manifest.license);
    expect(manifest.files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md']));
  });
});
