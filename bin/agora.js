#!/usr/bin/env node
// Runs the CLI from source with SWC (decorators and tsconfig paths), from any directory.
const { resolve } = require('node:path');
process.env.SWC_NODE_PROJECT =
  process.env.SWC_NODE_PROJECT || resolve(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
