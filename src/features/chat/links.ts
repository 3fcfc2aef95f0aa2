// Links in answers open in the browser only after the user saw the whole address and agreed, and only
// http(s): the webview already refuses other schemes, and this checks again (the webview is untrusted).
import * as vscode from 'vscode';

export function parseExternalLink(href: string): vscode.Uri | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return vscode.Uri.parse(url.toString(), true);
}

export async function openLink(href: string): Promise<void> {
  const uri = parseExternalLink(href);
  if (!uri) return;
  const open = vscode.l10n.t('Open Link');
  const copy = vscode.l10n.t('Copy Link');
  const picked = await vscode.window.showInformationMessage(
    vscode.l10n.t('Open this link from the chat in your browser?'),
    { modal: true, detail: uri.toString(true) },
    open,
    copy,
  );
  if (picked === open) await vscode.env.openExternal(uri);
  else if (picked === copy) await vscode.env.clipboard.writeText(uri.toString(true));
}
