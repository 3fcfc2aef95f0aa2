// hearth.ollama.autoStart as a decision: `never` and `always` need no one, `ask` asks once per session
// (callers at the same moment share the one question). "Start" also covers later outages in this session;
// "Always Start" and "Never" are saved to the setting; closing the question means "not now, don't ask again".
import type { AutoStart } from './settings';

export type AutoStartAnswer = 'start' | 'always' | 'never' | undefined;

export class AutoStartGate {
  private question: Promise<boolean> | undefined;
  private asked = false;
  private approved = false;

  constructor(
    private readonly ask: () => Promise<AutoStartAnswer>,
    private readonly save: (value: 'always' | 'never') => Promise<void>,
  ) {}

  /**
   * Like allows(), and says whether the user was asked by this call (or the question it joined) and did
   * not say Start: the question was then the one message about the daemon being down.
   */
  async decide(policy: AutoStart, binaryFound: boolean): Promise<'start' | 'declined' | 'no'> {
    const askedBefore = this.asked;
    const joined = this.question !== undefined;
    const allowed = await this.allows(policy, binaryFound);
    if (allowed) return 'start';
    return joined || (!askedBefore && this.asked) ? 'declined' : 'no';
  }

  /** Whether to start now. Never asks when there is nothing to start (`binaryFound` false). */
  async allows(policy: AutoStart, binaryFound: boolean): Promise<boolean> {
    if (policy === 'never' || !binaryFound) return false;
    if (policy === 'always' || this.approved) return true;
    if (this.question) return this.question;
    if (this.asked) return false;
    this.asked = true;
    this.question = this.askOnce().finally(() => (this.question = undefined));
    return this.question;
  }

  private async askOnce(): Promise<boolean> {
    const answer = await this.ask();
    switch (answer) {
      case 'start':
        this.approved = true;
        return true;
      case 'always':
        await this.save('always');
        return true;
      case 'never':
        await this.save('never');
        return false;
      default:
        return false;
    }
  }
}
