// Loaded with `node --import` by the benches: at exit, writes this process's peak RSS to fd 3 as JSON,
// so a bench measures any command (the built CLI included) without changing it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  } catch {
    // fd 3 is not open: run outside a bench, nothing to report to.
  }
});
