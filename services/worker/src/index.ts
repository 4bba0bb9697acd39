export { startWorker } from './worker';
export type { RunningWorker, WorkerDependencies } from './worker';
export { processorsFor } from './processors';
export type { WorkerServices } from './processors';
