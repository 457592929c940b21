#!/usr/bin/env node
// Thin shim: all logic lives in the built CLI entry.
import '../dist/cli/main.js';
