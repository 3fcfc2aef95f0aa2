// Endpoint code that most sessions never need, loaded at its first use: the credential and opt-in commands, the
// CA-file transport (only with hearth.tls.caFile set) and the words for mistakes in the endpoint settings.
export { addEndpoint, allowEndpoint, clearToken, setHeader, setToken } from '../features/endpoints/commands';
export { createCaFetch } from '../core/endpoints/caFetch';
export { endpointProblemText } from '../platform/endpoints/problems';
