// The walkthrough's ids: package.json's contributes.walkthroughs uses the same ones.
import { Commands } from '../../platform/commands';

export const WALKTHROUGH_ID = 'hearth.getStarted';

export const WalkthroughCommands = {
  /** Opens the walkthrough (palette: "Hearth: Get Started"). */
  open: Commands.openWalkthrough,
  /** Opens a sample beside the walkthrough and shows the feature on it: arg `'draft' | 'summarize' | 'translate'`. */
  openSample: 'hearth.walkthrough.openSample',
} as const;

/** The step ids, in order; each completes on `onContext:hearth.walkthrough.<milestone>`. */
export const WALKTHROUGH_STEPS = ['ollama', 'start', 'models', 'draft', 'summarize', 'translate', 'chat'] as const;
