// The workspace index's command ids (declared in package.json).
export const IndexCommands = {
  rebuild: 'hearth.workspaceIndex.rebuild',
  delete: 'hearth.workspaceIndex.delete',
  pause: 'hearth.workspaceIndex.pause',
  resume: 'hearth.workspaceIndex.resume',
  /** The status item's click: pause or resume, cancel. */
  status: 'hearth.workspaceIndex.status',
} as const;
