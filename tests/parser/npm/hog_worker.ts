/**
 * A hostile parser worker for `check.ts`: on any job it allocates without end, to show that the Node pool's heap
 * limit ends the worker (`LIMIT_EXCEEDED`) and not the process.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";

const hoard: number[][] = [];
parentPort?.on("message", () => {
  for (;;) hoard.push(new Array<number>(1_000_000).fill(hoard.length));
});
