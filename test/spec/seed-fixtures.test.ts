import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seedExcerpts, seedFixturesDir, storedCopyName } from '../support/seed-pages.js';

// The fixtures are verbatim copies of the pages' sample sections. Where the project's stored pages sit
// beside the repository (../shared/seeds, as on the maintainers' machines), every excerpt must still be
// the page's text at the line range it names; a clone without them runs the structural checks only.
const storedDir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const haveStoredPages = existsSync(storedDir);
const fixtures = readdirSync(seedFixturesDir).filter((name) => name.endsWith('.txt')).sort();

describe('seed fixtures', () => {
  it('hold one file per seed page, each naming its page, its stored copy and its excerpts', () => {
    expect(fixtures.map((name) => name.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    for (const name of fixtures) {
      const text = readFileSync(seedFixturesDir + name, 'utf8');
      expect(text).toMatch(/^Source page: ".+", Kaleyra developer documentation$/m);
      expect(storedCopyName(text).slice(0, 3)).toBe(name.slice(0, 3));
      const excerpts = seedExcerpts(text);
      expect(excerpts.map((e) => e.text.split('\n')[0])).toEqual([
        'Sample Request Format',
        'Sample Success Response',
        expect.stringMatching(/^(Sample Failure Responses?|Failure Responses)$/),
      ]);
      for (const e of excerpts) expect(e.text.split('\n')).toHaveLength(e.lastLine - e.firstLine + 1);
    }
  });

  if (!haveStoredPages) console.info(`seed fixtures: ${storedDir} not present, cross-check against the stored pages skipped`);

  it.skipIf(!haveStoredPages).each(fixtures)('%s matches the stored page at the lines it names', (name) => {
    const text = readFileSync(seedFixturesDir + name, 'utf8');
    const page = readFileSync(storedDir + storedCopyName(text), 'utf8').split('\n');
    for (const e of seedExcerpts(text)) {
      expect(e.text).toBe(page.slice(e.firstLine - 1, e.lastLine).join('\n'));
    }
  });
});
