// Translating code comments in place (plan, batches, re-assembly) and translating any text.
export * from './units';
export { parseFrame, assembleFrame, type CommentFrame, type BodyLine } from './frame';
export * from './assemble';
export * from './engine';
export * from './selection';
export * from './tracker';
export { isInLanguage, dominantScript } from './detect';
export { planBatches, type Batch } from './batches';
export { checkReply, translationSchema } from './schema';
