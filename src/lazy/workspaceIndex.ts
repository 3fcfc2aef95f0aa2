// The workspace index, loaded when indexing starts (the user turned it on in a trusted workspace) or an index
// command or the first @workspace question needs it: the service (watchers, scheduler, the opt-in prompt,
// retrieval), its status item, and the engine: the indexer with the lexical index (MiniSearch), the
// .gitignore matcher, the chunker and the stored file's format. The front in features/workspaceIndex/index.ts
// stays in the main bundle and answers for off, untrusted and no workspace without it.
import { WorkspaceIndexService, type IndexServiceDeps } from '../features/workspaceIndex/service';
import { IndexStatusItem } from '../features/workspaceIndex/statusItem';

export function createIndexService(deps: IndexServiceDeps): { service: WorkspaceIndexService; status: IndexStatusItem } {
  const service = new WorkspaceIndexService(deps);
  return { service, status: new IndexStatusItem(service) };
}
