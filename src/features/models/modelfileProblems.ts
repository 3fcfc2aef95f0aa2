// Modelfile problems in words, and as diagnostics in the editor while the user types.
import * as vscode from 'vscode';
import { parseModelfile, type ModelfileProblem, type TextRange } from '../../core/models/modelfile';

export { MODELFILE_LANGUAGE } from './commandIds';

export function problemMessage(p: ModelfileProblem): string {
  switch (p.code) {
    case 'unknownInstruction':
      return p.suggestion
        ? vscode.l10n.t('Unknown instruction "{0}". Did you mean {1}?', p.word, p.suggestion)
        : vscode.l10n.t('Unknown instruction "{0}". A Modelfile line starts with FROM, PARAMETER, TEMPLATE, SYSTEM, ADAPTER, LICENSE, MESSAGE or REQUIRES.', p.word);
    case 'missingArgument':
      return vscode.l10n.t('{0} needs a value.', p.instruction);
    case 'unterminatedString':
      return vscode.l10n.t('This string is not closed: add the closing quotes.');
    case 'textAfterString':
      return vscode.l10n.t('Nothing may follow the closing quotes on this line.');
    case 'missingFrom':
      return vscode.l10n.t('A Modelfile needs a FROM line naming the base model or a GGUF file.');
    case 'unknownParameter':
      return p.suggestion ? vscode.l10n.t('Unknown parameter "{0}". Did you mean {1}?', p.name, p.suggestion) : vscode.l10n.t('Unknown parameter "{0}".', p.name);
    case 'badParameterValue':
      switch (p.expected) {
        case 'int':
          return vscode.l10n.t('{0} takes a whole number, not "{1}".', p.name, p.value);
        case 'float':
          return vscode.l10n.t('{0} takes a number, not "{1}".', p.name, p.value);
        case 'bool':
          return vscode.l10n.t('{0} takes true or false, not "{1}".', p.name, p.value);
      }
      break;
    case 'deprecatedParameter':
      return vscode.l10n.t('Current Ollama versions ignore {0}; Hearth leaves it out.', p.name);
    case 'repeatedParameter':
      return vscode.l10n.t('{0} is set more than once; the last value counts.', p.name);
    case 'badRole':
      return vscode.l10n.t('MESSAGE takes the role system, user or assistant, not "{0}".', p.role);
  }
  return '';
}

export function toRange(r: TextRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

export function toDiagnostics(problems: readonly ModelfileProblem[]): vscode.Diagnostic[] {
  return problems.map((p) => {
    const d = new vscode.Diagnostic(toRange(p.range), problemMessage(p), p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = 'Hearth';
    d.code = p.code;
    return d;
  });
}

/** The problems of a Modelfile's text as editor diagnostics (loaded with the models bundle). */
export function modelfileDiagnostics(text: string): vscode.Diagnostic[] {
  return toDiagnostics(parseModelfile(text).problems);
}
