import { buildProgram } from './program';
import { runProgram } from './run-program';

/** `confidence`: the full CLI (bin/confidence.js loads it; `verify` alone loads ./verify-main.ts). */
await runProgram(buildProgram());
