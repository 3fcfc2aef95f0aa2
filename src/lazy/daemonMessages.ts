// The words for a failed Start of Ollama (binary or container), loaded at the first failure: with them the
// error words they build on. A successful Start never loads this bundle.
export { containerFailureMessage, startFailureMessage } from '../features/daemon/startFailures';
