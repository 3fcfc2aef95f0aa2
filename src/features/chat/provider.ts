// The chat webview view: sets up the page (CSP, nonce, local resources only), checks every message the
// webview posts before the session sees it, and holds back messages to the page until its script has
// said `ready` (the session then sends the whole state at once).
import * as vscode from 'vscode';
import type { HearthServices } from '../../platform/services';
import { describeRejected, parseViewMessage, type HostToView, type ViewReport } from '../../shared/protocol';
import { chatHtml, webviewRoots } from './html';
import type { ChatSession, ViewPort } from './session';

export const CHAT_VIEW_ID = 'hearth.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private readonly reports = new Map<number, (report: ViewReport) => void>();
  private nextReport = 1;
  /** Messages from the webview that failed validation (for tests and the log). */
  rejected = 0;

  constructor(
    private readonly services: HearthServices,
    /** The session loads with its bundle when the view first opens (or a chat command runs). */
    private readonly sessionOf: () => ChatSession,
    private readonly extensionUri: vscode.Uri,
  ) {}

  private get session(): ChatSession {
    return this.sessionOf();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = chatHtml(view.webview, this.extensionUri);
    const port: ViewPort = {
      post: (message: HostToView) => {
        if (this.view === view && this.ready) void view.webview.postMessage(message);
      },
    };
    this.session.attach(port);
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Hidden, the page is destroyed (no retainContextWhenHidden); shown again, it loads anew and says
      // `ready`, and gets the whole state then. Nothing is posted in between: it would be lost.
      view.onDidChangeVisibility(() => {
        if (!view.visible && this.view === view) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      this.session.detach(port);
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Handles a message as if the webview had posted it (the same validation applies). */
  async receive(raw: unknown): Promise<void> {
    const msg = parseViewMessage(raw);
    if (!msg) {
      this.rejected++;
      this.services.log.warn(`chat: ignored a malformed message from the view (${describeRejected(raw)})`);
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
    } else if (msg.type === 'report') {
      this.reports.get(msg.requestId)?.(msg.report);
      this.reports.delete(msg.requestId);
      return;
    }
    try {
      await this.session.handle(msg);
    } catch (err) {
      this.services.log.error(`chat: ${msg.type} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void this.services.errors.show(err, { feature: 'chat' });
    }
    if (msg.type === 'ready') this.readyWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Shows the view and resolves once its page has done the handshake. */
  async reveal(timeoutMs = 20_000): Promise<void> {
    if (!this.view?.visible) await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    else this.view.show(true);
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The chat view did not load in time.')), timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Asks the page what it shows. */
  report(timeoutMs = 5_000): Promise<ViewReport> {
    const view = this.view;
    if (!view || !this.ready) return Promise.reject(new Error('The chat view is not open.'));
    const requestId = this.nextReport++;
    return new Promise<ViewReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reports.delete(requestId);
        reject(new Error('The chat view did not report in time.'));
      }, timeoutMs);
      this.reports.set(requestId, (report) => {
        clearTimeout(timer);
        resolve(report);
      });
      void view.webview.postMessage({ type: 'requestReport', requestId } satisfies HostToView);
    });
  }

  dispose(): void {
    this.reports.clear();
  }
}
