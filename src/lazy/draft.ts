// The Draft Here bundle, loaded at the first Draft Here command: the drafting session (prompt, stream,
// writer) and the draft text filter. Activation keeps only the command registration (features/inline).
export { DraftHere } from '../features/draft/draftHere';
