// The strip above the conversation: its title, the model picker and the system prompt editor.
import type { ModelsState } from '../shared/protocol';
import { h, iconButton, textButton } from './dom';
import { t } from './strings';

export interface HeaderEvents {
  selectModel(model: string): void;
  setSystemPrompt(text: string | null): void;
  systemPromptToggled(open: boolean): void;
}

export class Header {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  readonly select: HTMLSelectElement;
  private readonly modelNote: HTMLElement;
  private readonly promptButton: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly promptInput: HTMLTextAreaElement;
  private readonly promptHint: HTMLElement;
  private override: string | undefined;
  private defaultPrompt = '';

  constructor(private readonly events: HeaderEvents) {
    this.title = h('h1', { class: 'conversation-title' });
    this.select = h('select', { class: 'model-select', 'aria-label': t('model'), title: t('model') });
    this.select.addEventListener('change', () => this.events.selectModel(this.select.value));
    this.modelNote = h('span', { class: 'model-note', role: 'status' });
    this.promptButton = iconButton('settings-gear', t('systemPrompt'), { 'aria-expanded': 'false', class: 'icon-button prompt-toggle' });
    this.promptButton.addEventListener('click', () => this.togglePanel(this.panel.hidden));
    this.promptInput = h('textarea', { class: 'prompt-input', rows: 3, placeholder: t('systemPromptPlaceholder'), 'aria-label': t('systemPrompt') });
    this.promptHint = h('p', { class: 'prompt-hint' });
    const save = textButton(t('save'), { class: 'text-button primary' });
    save.addEventListener('click', () => {
      this.events.setSystemPrompt(this.promptInput.value);
      this.togglePanel(false);
    });
    const useDefault = textButton(t('useDefault'));
    useDefault.addEventListener('click', () => {
      this.events.setSystemPrompt(null);
      this.togglePanel(false);
    });
    this.promptInput.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.togglePanel(false);
      }
    });
    this.panel = h('div', { class: 'prompt-panel', hidden: true }, h('label', { class: 'prompt-label', text: t('systemPrompt') }), this.promptInput, this.promptHint, h('div', { class: 'prompt-buttons' }, save, useDefault));
    this.element = h('header', { class: 'header' }, h('div', { class: 'header-row' }, this.title, h('span', { class: 'model-wrap' }, this.select, this.promptButton)), this.modelNote, this.panel);
  }

  get panelOpen(): boolean {
    return !this.panel.hidden;
  }

  setTitle(title: string): void {
    this.title.textContent = title || t('untitled');
    this.title.title = title;
  }

  setModels(state: ModelsState): void {
    const options = state.models.map((m) => h('option', { value: m.name, text: m.label }));
    if (state.selected && !state.models.some((m) => m.name === state.selected)) options.unshift(h('option', { value: state.selected, text: state.selected }));
    this.select.replaceChildren(...options);
    if (state.selected) this.select.value = state.selected;
    // While Ollama cannot be asked the menu keeps showing the chosen model, but offers nothing to choose.
    this.select.disabled = options.length === 0 || state.status === 'error';
    const note = state.status === 'loading' ? t('modelsLoading') : state.status === 'error' ? (state.error ?? t('modelsError')) : state.models.length === 0 ? t('noModels') : '';
    this.modelNote.textContent = note;
    this.modelNote.hidden = !note;
  }

  /** The note under the model menu, '' when hidden. */
  get note(): string {
    return this.modelNote.hidden ? '' : (this.modelNote.textContent ?? '');
  }

  /** The text the system prompt editor shows. */
  get systemPromptShown(): string {
    return this.override ?? this.defaultPrompt;
  }

  setSystemPrompt(override: string | undefined, defaultPrompt: string): void {
    this.override = override;
    this.defaultPrompt = defaultPrompt;
    this.promptButton.classList.toggle('active', override !== undefined);
    this.renderPrompt();
  }

  togglePanel(open: boolean): void {
    this.panel.hidden = !open;
    this.promptButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.renderPrompt();
      this.promptInput.focus();
    }
    this.events.systemPromptToggled(open);
  }

  private renderPrompt(): void {
    this.promptInput.value = this.override ?? this.defaultPrompt;
    this.promptHint.textContent = this.override !== undefined ? t('systemPromptCustom') : this.defaultPrompt ? t('systemPromptDefault') : t('systemPromptNone');
  }
}
