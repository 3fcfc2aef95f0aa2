// The stall notice, loaded at the first stall of a stream the user is waiting for (see platform/stallPrompt.ts).
export { askAboutStall } from '../platform/stallNotice';
