// `crank explore`'s library side: a local web server to step through a model's states
// and counterexamples in a browser.
export { startExplorer, type Explorer, type ExplorerOptions } from './server.ts';
export { loadTrace, type LoadedTrace } from './trace.ts';
export { BadRequest } from './errors.ts';
