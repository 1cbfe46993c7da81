// Loaded with `node --import` by the benches: at exit, writes this process's peak RSS and the CPU time
// it used (user + system, ms) to fd 3 as JSON, so a bench measures any command (the built CLI
// included) without changing it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeSync(3, JSON.stringify({ maxRssKiB: maxRSS, cpuMs: (userCPUTime + systemCPUTime) / 1000 }));
  } catch {
    // fd 3 is not open: run outside a bench, nothing to report to.
  }
});
