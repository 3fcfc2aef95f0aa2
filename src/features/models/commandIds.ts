// Command ids of the models feature that other features do not need (the shared ones, pullModel and
// useModelFor, are in platform/commands.ts). package.json declares the same ids.
export const ModelCommands = {
  deleteModel: 'hearth.deleteModel',
  showModel: 'hearth.showModel',
  copyModel: 'hearth.copyModel',
  unloadModel: 'hearth.unloadModel',
  preloadModel: 'hearth.preloadModel',
  checkModelUpdates: 'hearth.checkModelUpdates',
  createModelFromModelfile: 'hearth.createModelFromModelfile',
  refresh: 'hearth.models.refresh',
  cancelPull: 'hearth.models.cancelPull',
} as const;

/** The Models view. */
export const MODELS_VIEW_ID = 'hearth.models';
/** Context key: 'loading' | 'ready' | 'empty' | 'unreachable' | 'error' (drives the view's welcome content). */
export const MODELS_STATE_KEY = 'hearth.models.state';

/** The language id of Ollama Modelfiles (package.json contributes it). */
export const MODELFILE_LANGUAGE = 'modelfile';
