// Prompt templates: parsing, every problem a template can have (with the placeholder named and the nearest one
// suggested), literal braces, and filling in.
import * as assert from 'node:assert/strict';
import {
  checkTemplate,
  describeProblem,
  nearestPlaceholder,
  parseTemplate,
  positionOf,
  renderTemplate,
  TEMPLATE_SPECS,
  type TemplateProblem,
} from '../../../src/core/prompts/template';

const { draft, summarize, translate, chatSystem } = TEMPLATE_SPECS;

describe('prompt templates: checking', () => {
  it('accepts a template that uses only its placeholders, and one without any', () => {
    assert.deepEqual(checkTemplate('Summarize {fileName} ({languageId}) in {language}. {style}', summarize), []);
    assert.deepEqual(checkTemplate('Answer briefly.', chatSystem), []);
    assert.deepEqual(checkTemplate('Translate into {targetLanguage}.', translate), []);
  });

  it('names an unknown placeholder and suggests the nearest allowed one for a typo, another case or a prefix', () => {
    const [typo] = checkTemplate('Write in {langauge}.', summarize);
    assert.deepEqual(typo, { kind: 'unknown', name: 'langauge', offset: 9, suggestion: 'language' });
    assert.equal((checkTemplate('{Language}', chatSystem)[0] as Extract<TemplateProblem, { kind: 'unknown' }>).suggestion, 'language');
    assert.equal((checkTemplate('{target}', translate)[0] as Extract<TemplateProblem, { kind: 'unknown' }>).suggestion, 'targetLanguage');
    assert.equal(nearestPlaceholder('instrction', draft.allowed), 'instruction');
  });

  it('suggests nothing when no placeholder is near, and says how to write literal braces', () => {
    const [problem] = checkTemplate('Reply as {"ok": true} JSON.', draft);
    assert.equal(problem?.kind, 'unknown');
    assert.equal((problem as Extract<TemplateProblem, { kind: 'unknown' }>).suggestion, undefined);
    const text = describeProblem(problem as TemplateProblem, draft);
    assert.match(text, /\{"ok": true\} is not a placeholder\./);
    assert.match(text, /\{\{ and \}\}/);
    assert.match(text, /\{instruction\}, \{fileName\}, \{languageId\}/, 'lists the allowed ones');
  });

  it('suggests only placeholders this template allows', () => {
    // {targetLanguage} is a placeholder, but not for the chat: the suggestion for a typo of it is the chat's own.
    const [problem] = checkTemplate('{targetLanguag}', chatSystem);
    assert.equal(problem?.kind, 'unknown');
    assert.notEqual((problem as Extract<TemplateProblem, { kind: 'unknown' }>).suggestion, 'targetLanguage');
  });

  it('refuses a known placeholder that this template does not offer', () => {
    assert.deepEqual(checkTemplate('Write {style}.', draft), [{ kind: 'notAllowed', name: 'style', offset: 6 }]);
    assert.deepEqual(checkTemplate('Translate into {language}.', chatSystem), []);
    const [language] = checkTemplate('{targetLanguage} {language}', translate).filter((p) => p.kind === 'notAllowed');
    assert.match(describeProblem(language as TemplateProblem, translate), /\{language\} is not available in hearth\.prompts\.translate\. Placeholders: \{targetLanguage\}/);
  });

  it('explains that {text} is sent by Hearth, not placed by the template', () => {
    const [problem] = checkTemplate('Summarize: {text}', summarize);
    assert.deepEqual(problem, { kind: 'notAllowed', name: 'text', offset: 11 });
    assert.match(describeProblem(problem as TemplateProblem, summarize), /Hearth sends the text itself, fenced/);
  });

  it('finds an unclosed brace, and where it is', () => {
    const source = 'Line one.\nWrite in {language and stop.';
    const problems = checkTemplate(source, chatSystem);
    assert.deepEqual(problems, [{ kind: 'unclosed', offset: 19 }]);
    assert.deepEqual(positionOf(source, 19), { line: 2, column: 10 });
    // A brace that another brace follows before any closing one is unclosed too.
    assert.deepEqual(checkTemplate('{language {style}', summarize), [{ kind: 'unclosed', offset: 0 }]);
    assert.match(describeProblem({ kind: 'unclosed', offset: 0 }, summarize), /has no closing "\}"/);
  });

  it('requires {targetLanguage} in the translation prompt (Translate Comments To… picks the language per run)', () => {
    assert.deepEqual(checkTemplate('Translate into German.', translate), [{ kind: 'missing', name: 'targetLanguage' }]);
    assert.match(describeProblem({ kind: 'missing', name: 'targetLanguage' }, translate), /must contain \{targetLanguage\}/);
    // An escaped brace is no placeholder: the requirement is still unmet.
    assert.deepEqual(checkTemplate('Into {{targetLanguage}}.', translate), [{ kind: 'missing', name: 'targetLanguage' }]);
  });

  it('reports every problem in order', () => {
    const kinds = checkTemplate('{nope} {style} {fileName}', translate).map((p) => p.kind);
    assert.deepEqual(kinds, ['unknown', 'notAllowed', 'missing']);
  });
});

describe('prompt templates: braces and filling in', () => {
  it('reads {{ and }} as literal braces, and a lone } as text', () => {
    assert.deepEqual(checkTemplate('Reply with {{"summary": "…"}} in {language}. a } b', summarize), []);
    assert.equal(renderTemplate('Reply with {{"summary": "…"}} in {language}. a } b', { language: 'German (Deutsch)' }), 'Reply with {"summary": "…"} in German (Deutsch). a } b');
    assert.equal(renderTemplate('{{{language}}}', { language: 'English' }), '{English}');
  });

  it('fills every placeholder, each as often as it appears', () => {
    const out = renderTemplate('Summarize {fileName} ({languageId}) in {language}.\n{style} Again: {language}.', {
      fileName: 'cart.ts',
      languageId: 'typescript',
      language: 'Simplified Chinese (简体中文)',
      style: 'Answer with one sentence.',
    });
    assert.equal(out, 'Summarize cart.ts (typescript) in Simplified Chinese (简体中文).\nAnswer with one sentence. Again: Simplified Chinese (简体中文).');
  });

  it('splits a template into text and placeholders with their offsets', () => {
    assert.deepEqual(parseTemplate('a {x} {{b}}').segments, [
      { kind: 'text', text: 'a ' },
      { kind: 'placeholder', name: 'x', offset: 2 },
      { kind: 'text', text: ' {b}' },
    ]);
  });

  it('declares each template\'s placeholders as documented', () => {
    assert.deepEqual([...draft.allowed].sort(), ['fileName', 'instruction', 'languageId']);
    assert.deepEqual([...summarize.allowed].sort(), ['fileName', 'language', 'languageId', 'style']);
    assert.deepEqual([...translate.allowed].sort(), ['fileName', 'languageId', 'targetLanguage']);
    assert.deepEqual([...chatSystem.allowed], ['language']);
  });
});
