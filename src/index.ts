/**
 * crank's library: everything a model author and a program that checks models use.
 * This file is the public surface; nothing else in the package is part of it.
 *
 * ```ts
 * import { defineModel, check } from 'crank';
 * const model = defineModel({ name: 'counter', build: () => ({
 *   variables: ['x'],
 *   initialStates: () => [{ x: 0 }],
 *   events: () => ['inc'],
 *   next: (s) => (s.x < 3 ? [{ x: s.x + 1 }] : []),
 *   invariants: { Small: (s) => s.x <= 3 },
 * }) });
 * const result = await check(model.build({}));
 * ```
 *
 * @packageDocumentation
 */

// Writing a model.
export { defineModel, isModelDefinition, isSpec } from './spec.ts';
export type { Invariant, ModelDeclaration, ModelDefinition, ParamSpec, Spec, State, StateLike, Symmetry, SymmetryGroup } from './spec.ts';
export { recordType, type RecordFactory } from './values/record.ts';
export type { LogView, LogEntryView, ServerView } from './render/logview.ts';
export { defaultEventLabel } from './spec-defaults.ts';
export * from './liveness.ts';

// Loading models: shipped ones by name, a user's model file by path.
export { buildModel, instantiate, isModelPath, listShippedModels, loadModel, ModelError } from './models.ts';
export type { BuiltModel, LoadedModel, ModelChoice, ModelOrigin } from './models.ts';

// Checking.
export { check, ModelFault, SymmetryError, UnknownInvariantError } from '../checker/check.ts';
export type { CheckOptions, CheckResult, Progress, SpecSource, Verdict } from '../checker/check.ts';
export { simulate } from '../checker/simulate.ts';
export type { SimulateOptions, SimulateResult } from '../checker/simulate.ts';
export { checkResultJson, simulateResultJson, type Outcome, type RunIdentity } from './results.ts';

// Traces: printing, writing, reading and replaying.
export type { Counterexample, TraceStep } from './trace/trace.ts';
export { formatTrace, formatTraceForFile, TRACE_FORMATS, type TraceFormat, type TraceOrigin, type TraceOutputOptions } from './trace/output.ts';
export { readTrace, type TraceFile, type TraceFileState } from './trace/read.ts';
export { replay, replayModel, formatRejection, type ReplayResult, type Rejection } from './trace/replay.ts';
export { TraceSyntaxError } from './tla/errors.ts';
export { printValue } from './values/print.ts';

// Linearizability of client histories (Wing & Gong's search with Lowe's memoisation).
export * as lin from './lin/index.ts';

// The command line, callable in-process.
export { main as runCommandLine } from './cli/main.ts';
export { BufferIo, type Io } from './cli/io.ts';
