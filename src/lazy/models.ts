// The models bundle, loaded at the first model command: Pull, Use Model For…, Show/Copy/Delete/Unload/
// Preload, Check for Updates and Create Model from Modelfile, and the Modelfile parser behind the live
// diagnostics. The Models view, the pull manager that drives its progress and the resolver stay in the main
// bundle (the view and other features need them without a command).
export { createModelFromModelfile } from '../features/models/commands/create';
export { copyModel, deleteModel, preloadModel, showModel, unloadModel } from '../features/models/commands/manage';
export { pullModel } from '../features/models/commands/pull';
export { checkModelUpdates } from '../features/models/commands/updates';
export { useModelFor } from '../features/models/commands/useFor';
export { modelfileDiagnostics } from '../features/models/modelfileProblems';
