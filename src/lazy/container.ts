// The container route of the daemon (hearth.ollama.runMode `container`, or a Start that runs Ollama in a
// container): running, finding and stopping Hearth's container through docker or podman. Loaded when the
// supervisor first needs its container half; the PATH lookup of docker/podman stays in the main bundle.
export { ContainerSupervision } from '../core/daemon/containerStart';
// What Ollama in the container found: said once when it runs on the CPU.
export { ContainerGpuCheck } from '../features/daemon/containerGpu';
