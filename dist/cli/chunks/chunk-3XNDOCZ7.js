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
var ContainerGateError = class extends Error {
};
var UsageError = class extends ContainerGateError {
  name = "UsageError";
  exitCode = EXIT.usage;
};
var ScannerOutputError = class extends ContainerGateError {
  name = "ScannerOutputError";
  exitCode = EXIT.runFailed;
};
var RunError = class extends ContainerGateError {
  name = "RunError";
  exitCode = EXIT.runFailed;
};
var VerificationError = class extends ContainerGateError {
  name = "VerificationError";
  exitCode = EXIT.gateFailed;
};
var InterruptedError = class extends ContainerGateError {
  constructor(signal) {
    super(`interrupted by ${signal}; scanners stopped, no report written`);
    this.signal = signal;
    this.exitCode = EXIT_ON_SIGNAL[signal];
  }
  signal;
  name = "InterruptedError";
  exitCode;
};
function exitCodeFor(error) {
  return error instanceof ContainerGateError ? error.exitCode : EXIT.runFailed;
}
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
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
  errorMessage,
  oneLine
};
