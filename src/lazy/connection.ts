// The connection report's sections, loaded at the first Hearth: Check Connection: where the daemon is,
// whether it answers, what is installed and what each feature uses.
export { connectionSection, featuresSection, modelsSection } from '../features/connection/sections';
export { daemonSection } from '../features/daemon/reportSection';
