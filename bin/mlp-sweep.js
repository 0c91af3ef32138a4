#!/usr/bin/env node
// The CLI entry: the TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
// first, before anything compiles WebAssembly or starts a worker: relaxed SIMD behind Node 20's V8 flag
import '../dist/src/kernels/wasm/relaxed-simd-flag.js';
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of every module on disk (os.tmpdir()/node-compile-cache, or
// NODE_COMPILE_CACHE), so the next command skips compiling them; the env variable hands it to the
// pool's threads and the report process. A quiet optimisation: Node 20 has no such API, and a
// cache that cannot be enabled changes nothing. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const cache = module.enableCompileCache?.();
if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;

// imported only now, so that the cache covers the command's modules too
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv);
