// Errors and notices inside the view (as well as VS Code's own notification), with the actions that fix
// them (Start Ollama, Pull model…), which the extension runs.
import type { Banner } from '../shared/protocol';
import { h, icon, iconButton, textButton } from './dom';
import { t } from './strings';

export class BannerView {
  readonly element: HTMLElement;
  private current: Banner | undefined;

  constructor(
    private readonly onAction: (id: number) => void,
    private readonly onDismiss: () => void,
  ) {
    this.element = h('div', { class: 'banner', role: 'alert', hidden: true });
  }

  get message(): string | undefined {
    return this.current?.message;
  }

  show(banner: Banner | undefined): void {
    this.current = banner;
    this.element.hidden = !banner;
    if (!banner) {
      this.element.replaceChildren();
      return;
    }
    this.element.className = `banner ${banner.severity}`;
    const dismiss = iconButton('close', t('dismiss'), { class: 'icon-button banner-close' });
    dismiss.addEventListener('click', () => this.onDismiss());
    const actions = banner.actions.map((a) => {
      const b = textButton(a.title, { class: 'text-button' });
      b.addEventListener('click', () => this.onAction(a.id));
      return b;
    });
    this.element.replaceChildren(
      icon(banner.severity === 'info' ? 'info' : banner.severity),
      h('div', { class: 'banner-body' }, h('p', { text: banner.message }), actions.length ? h('div', { class: 'banner-actions' }, ...actions) : undefined),
      dismiss,
    );
  }
}
