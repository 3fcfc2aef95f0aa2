// The workspace index's engine, loaded when indexing starts (the user turned it on): the indexer with the
// lexical index (MiniSearch), the .gitignore matcher, the chunker and the stored file's format.
export { Indexer } from '../core/indexing/indexer';
export { deleteIndex } from '../core/workspaceIndex/persist';
export { WorkspaceSource } from '../features/workspaceIndex/source';
export { indexStorage } from '../features/workspaceIndex/storage';
