#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);

// src/util/errors.ts
var EXIT = {
  passed: 0,
  gateFailed: 1,
  runFailed: 2,
  usage: 3,
  interrupted: 130,
  terminated: 143,
  hangup: 129
};
var EXIT_ON_SIGNAL = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  SIGHUP: EXIT.hangup
};
function stopSignalOf(reason) {
  return reason === "SIGTERM" || reason === "SIGHUP" ? reason : "SIGINT";
}
var UsageError = class extends Error {
  name = "UsageError";
};
var ScannerOutputError = class extends Error {
  name = "ScannerOutputError";
};
var RunError = class extends Error {
  name = "RunError";
};
var VerificationError = class extends Error {
  name = "VerificationError";
};
var InterruptedError = class extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}; scanners stopped, no report written`);
    this.signal = signal;
  }
  signal;
  name = "InterruptedError";
};
function exitCodeFor(error) {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof VerificationError) return EXIT.gateFailed;
  if (error instanceof InterruptedError) return EXIT_ON_SIGNAL[error.signal];
  return EXIT.runFailed;
}
function oneLine(message) {
  return message.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g, "").replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, "").replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
}

export {
  EXIT,
  EXIT_ON_SIGNAL,
  stopSignalOf,
  UsageError,
  ScannerOutputError,
  RunError,
  VerificationError,
  InterruptedError,
  exitCodeFor,
  oneLine
};
