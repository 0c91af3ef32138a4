#!/usr/bin/env node
// The CLI entry: the TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
// first, before anything compiles WebAssembly or starts a worker: relaxed SIMD behind Node 20's V8 flag
import '../dist/src/kernels/wasm/relaxed-simd-flag.js';
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
