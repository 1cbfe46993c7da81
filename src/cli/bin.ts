#!/usr/bin/env node
import { main } from './main.js';
import { EXIT_API, EXIT_INTERRUPTED, type Io } from './output.js';

// A command that can stop cleanly (a broadcast finishing its sends in flight) takes the first Ctrl-C
// or SIGTERM; a second one ends the process at once, as it would without the handler.
const onInterrupt: Io['onInterrupt'] = (stop) => {
  let asked = false;
  const handler = () => {
    if (asked) process.exit(EXIT_INTERRUPTED);
    asked = true;
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
};

main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main reports every error itself; this only catches a failure to write that report.
    process.stderr.write(
      `kaleyra-wa: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = EXIT_API;
  },
);
