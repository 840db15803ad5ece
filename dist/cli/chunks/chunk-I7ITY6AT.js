#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  EXIT_ON_SIGNAL
} from "./chunk-BFUO6Y74.js";

// src/cli/signals.ts
var STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
var active;
var installed = false;
function installStopSignals() {
  if (installed) return;
  installed = true;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (signal === "SIGHUP")
        for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {
        });
      if (active) active(signal);
      else process.exit(EXIT_ON_SIGNAL[signal]);
    });
  }
}
function stopRunOnSignals(controller, onFirst) {
  installStopSignals();
  const handler = (signal) => {
    if (controller.signal.aborted) process.exit(EXIT_ON_SIGNAL[signal]);
    onFirst(signal);
    controller.abort(signal);
  };
  active = handler;
  return () => {
    if (active === handler) active = void 0;
  };
}

export {
  installStopSignals,
  stopRunOnSignals
};
