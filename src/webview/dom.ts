// Tiny DOM helpers. Text always goes in through textContent, never innerHTML: the only HTML the view
// inserts comes from the Markdown renderer.

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** A codicon glyph (hidden from screen readers: the button carries the label). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button with an icon only, labelled for screen readers and with a tooltip. */
export function iconButton(name: string, label: string, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, ...attrs }, icon(name));
}

export function textButton(label: string, attrs: Attrs = {}, iconName?: string): HTMLButtonElement {
  return h('button', { type: 'button', class: 'text-button', ...attrs }, iconName ? icon(iconName) : undefined, h('span', { text: label }));
}
