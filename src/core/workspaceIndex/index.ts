// The workspace index's core (issue 16): plain TypeScript for Node, no `vscode`. Not wired into any UI yet.
//
//   chunker.ts   files → chunks along their structure (declarations, members, Markdown sections, paragraphs),
//                with 1-based line ranges and sha256 content hashes; skip.ts decides which files to leave out.
//   lexical.ts   BM25 over chunks with an identifier- and CJK-aware tokenizer (tokenize.ts): MiniSearch's index,
//                built in one pass into an empty index (or in slices: addAllAsync), queried without a result
//                object per matching chunk.
//   vectors.ts   a flat matrix of normalized, int8-quantized vectors scanned exactly with a bounded top-k heap,
//                by a WebAssembly SIMD kernel (dotKernel.ts) or, without SIMD, a JavaScript loop.
//   relevance.ts the floor under both lists: a candidate is kept only with evidence (its share of the question's
//                idf-weighted terms, an identifier of the question, or a cosine that stands out of the whole
//                scan's distribution), so a question about nothing in the workspace gets nothing.
//   retrieve.ts  reciprocal rank fusion of both lists, dedupe by overlapping lines, fit to a token budget,
//                citations. search.ts holds the three together in memory.
//   store.ts     the versioned, checksummed index file (int8 vectors); files.ts writes it crash-safely;
//                plan.ts says what an update must embed and drop, by content hash.
//
// Why these choices:
// - One .vsix for every platform: no native modules. MiniSearch (pure JS, ~20 kB, maintained, incremental
//   add/discard, JSON serialization) gives BM25 instead of a home-made ranking; sqlite/lancedb/hnswlib would each
//   need a per-platform build.
// - A flat matrix scanned exactly instead of an approximate index: at workspace sizes (tens of thousands of
//   chunks) an exact scan is fast enough (50 000 × 768 in a few ms with WebAssembly SIMD; the bench's "index"
//   section), has no recall loss, no build step and no tuning, and removal is a row swap. int8 rows (quantize.ts), in memory and on disk, are a quarter of
//   float32 for a cosine error of about 1e-3.
// - Lexical and vector retrieval fused by rank (RRF), not by score: BM25 and cosine scores are not comparable,
//   and the lexical side finds exact identifiers that a small embedding model blurs. Rank alone cannot say
//   "nothing relevant", so each side's scores are judged on their own scale first (relevance.ts).
// - The lexical index is rebuilt from the stored chunk texts when the index is loaded rather than stored
//   beside it: one file, one format version, one checksum; building it is a fraction of embedding's cost.
export * from './types';
export { chunkFile } from './chunker';
export { DEFAULT_SIZE_LIMITS, type SizeLimits } from './cut';
export { DEFAULT_SKIP_LIMITS, skipReason, type SkipLimits, type SkipReason } from './skip';
export { tokenize } from './tokenize';
export { LexicalIndex } from './lexical';
export { VectorStore, normalize, type VectorStoreOptions } from './vectors';
export { reciprocalRankFusion } from './fuse';
export { questionTerms, type QuestionTerms } from './relevance';
export { retrieve, renderChunk, type Retrieval, type Retrieved } from './retrieve';
export { WorkspaceSearch, type SearchQuery } from './search';
export { FORMAT_VERSION, decodeIndex, encodeIndex, encodeIndexAsync, type IndexSnapshot, type LoadResult } from './store';
export { nodeIndexFiles, type IndexFiles } from './files';
export { INDEX_FILE, deleteIndex, loadIndex, saveIndex } from './persist';
export { plan, type FileChunks, type PlanTarget, type UpdatePlan } from './plan';
