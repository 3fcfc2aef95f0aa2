// The sentence that reports a finished translation, with what was left alone and why.
import * as vscode from 'vscode';
import type { Language } from '../../core/prompts/languages';
import type { CommentStats, KeptItem } from '../../core/translate';

export function resultMessage(r: { translated: number; stats: CommentStats; kept: readonly KeptItem[]; changedMeanwhile: number; target: Language }): string {
  const name = r.target.native;
  const parts = [
    r.translated === 1 ? vscode.l10n.t('Translated 1 comment into {0}.', name) : vscode.l10n.t('Translated {0} comments into {1}.', r.translated, name),
  ];
  if (r.stats.alreadyInTarget > 0) parts.push(vscode.l10n.t('Already in {0}: {1}.', name, r.stats.alreadyInTarget));
  if (r.stats.leftAsIs > 0) parts.push(vscode.l10n.t('Left as they are (code, directives, notices): {0}.', r.stats.leftAsIs));
  if (r.stats.unterminated > 0) parts.push(vscode.l10n.t('Not closed, left as they are: {0}.', r.stats.unterminated));
  const lost = r.kept.filter((k) => k.reason === 'lostSpans').length;
  if (lost > 0) parts.push(vscode.l10n.t('Kept in the original because the translation lost code or links: {0}.', lost));
  const long = r.kept.filter((k) => k.reason === 'tooLong').length;
  if (long > 0) parts.push(vscode.l10n.t('Too long to translate: {0}.', long));
  if (r.changedMeanwhile > 0) parts.push(vscode.l10n.t('Edited while translating, left as they are: {0}.', r.changedMeanwhile));
  return parts.join(' ');
}
