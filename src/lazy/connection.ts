// The foundation's sections of the connection report, loaded at the first Hearth: Check Connection: where
// the daemon is, whether it answers, what is installed and what each feature uses. Pure report code: they
// read the services passed in (the daemon's state among them) and keep nothing of their own.
export { connectionSection, featuresSection, modelsSection } from '../features/connection/sections';
// Inline completion's section (state, model, prompt format, recent outcomes).
export { completionSection } from '../features/inline/reportSection';
// The daemon's section (the binary and how it was found, who started the daemon, its environment, loaded models).
export { daemonSection } from '../features/daemon/reportSection';
