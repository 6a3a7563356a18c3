import { parentPort } from 'node:worker_threads';
import { tokensText } from './segment.js';

/** One segmentation thread of a `SegmentPool`: texts in, token texts out, in order. */
parentPort?.on('message', (msg: { id: number; texts: string[] }) => {
  parentPort!.postMessage({ id: msg.id, tokens: msg.texts.map(tokensText) });
});
