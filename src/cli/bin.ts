#!/usr/bin/env node
import { main } from './main.js';
import { EXIT_API } from './output.js';

main(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then(
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
