// What features tell the walkthrough: "the user has just done this for the first time" (a suggestion
// accepted, a summary finished…). Reaching a milestone again costs a Set lookup, so features call it on
// every success without keeping track themselves.
import type { Milestone } from '../core/walkthrough/progress';

export type { Milestone } from '../core/walkthrough/progress';

export interface Milestones {
  reach(milestone: Milestone): void;
}
