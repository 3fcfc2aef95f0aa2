// Which layout, which mode, how much to generate and where to stop, for each kind of place and model.
import * as assert from 'node:assert/strict';
import { chooseFormat, classifyMode, headerComment, planCompletion, type CompletionModel, type Trigger } from '../../../src/core/prompts/completionPrompt';
import { readCursorContext, stringLineSource } from '../../../src/core/prompts/cursorContext';

const QWEN: CompletionModel = { name: 'qwen2.5-coder:1.5b', family: 'qwen2', capabilities: ['completion', 'insert'] };
const INSERT_ONLY: CompletionModel = { name: 'yi-coder:9b', family: 'llama', capabilities: ['completion', 'insert'] };
const PLAIN: CompletionModel = { name: 'llama3.2:3b', family: 'llama', capabilities: ['completion', 'tools'] };
const settings = { maxLines: 8, format: 'auto' as const };

/** `|` marks the cursor. */
function at(doc: string) {
  const offset = doc.indexOf('|');
  const text = doc.slice(0, offset) + doc.slice(offset + 1);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return readCursorContext(stringLineSource(text), line, offset - (before.lastIndexOf('\n') + 1), { prefixTokens: 1000, suffixTokens: 500, stride: 1 });
}

function plan(doc: string, languageId = 'typescript', model = QWEN, trigger: Trigger = 'automatic', path = 'src/a.ts') {
  return planCompletion({ ctx: at(doc), languageId, path, model, trigger }, settings);
}

describe('prompts: completion plan', () => {
  describe('layout', () => {
    it('uses the family template when known, the API suffix for other insert models, plain continuation otherwise', () => {
      assert.deepEqual(chooseFormat(QWEN, 'auto'), { format: 'template', family: 'qwen' });
      assert.deepEqual(chooseFormat(INSERT_ONLY, 'auto'), { format: 'suffix' });
      assert.deepEqual(chooseFormat(PLAIN, 'auto'), { format: 'continuation' });
      assert.deepEqual(chooseFormat(QWEN, 'suffix'), { format: 'suffix' });
      assert.deepEqual(chooseFormat(QWEN, 'continuation'), { format: 'continuation' });
      assert.deepEqual(chooseFormat({ ...PLAIN, name: 'codellama:7b-code' }, 'suffix'), { format: 'template', family: 'codellama' }, 'no insert: the template is the only FIM');
    });

    it('sends the suffix through the API (templated, not raw) and never an empty one', () => {
      const p = plan('const x = |', 'typescript', INSERT_ONLY);
      assert.equal(p.params.prompt, '// Path: src/a.ts (typescript)\nconst x = ');
      assert.equal(p.params.suffix, '\n', 'an empty suffix would select the chat branch of the template');
      assert.equal(p.params.raw, undefined);
      const mid = plan('f(|)\nnext();', 'typescript', INSERT_ONLY);
      assert.equal(mid.params.suffix, ')\nnext();');
    });

    it('continues plainly in raw mode (no chat template around the code)', () => {
      const p = plan('function f() {\n  ret|\n}', 'typescript', PLAIN);
      assert.equal(p.params.prompt, '// Path: src/a.ts (typescript)\nfunction f() {\n  ret');
      assert.equal(p.params.raw, true);
      assert.equal(p.params.suffix, undefined);
    });

    it('always sends think:false and a low temperature, and leaves num_ctx to the gateway (one window per model)', () => {
      for (const model of [QWEN, INSERT_ONLY, PLAIN]) {
        const p = plan('let a = |', 'typescript', model);
        assert.equal(p.params.think, false);
        assert.equal(p.params.options?.num_ctx, undefined);
        assert.ok((p.params.options?.temperature ?? 1) <= 0.2);
      }
    });
  });

  describe('header', () => {
    it('names the path and language in the language comment syntax', () => {
      assert.equal(headerComment('src/a.ts', 'typescript'), '// Path: src/a.ts (typescript)\n');
      assert.equal(headerComment('tool.py', 'python'), '# Path: tool.py (python)\n');
      assert.equal(headerComment('', 'python'), '# Language: python\n');
      assert.equal(headerComment('page.html', 'html'), '<!-- Path: page.html (html) -->\n');
      assert.equal(headerComment('x.json', 'json'), '', 'JSON has no comments');
    });

    it('has no header in prose', () => {
      assert.ok(!plan('Hello |', 'markdown', QWEN, 'automatic', 'notes.md').params.prompt.includes('Path:'));
    });
  });

  describe('mode', () => {
    it('code, comment or prose', () => {
      assert.equal(classifyMode(at('const a = |'), 'typescript'), 'code');
      assert.equal(classifyMode(at('// this function |'), 'typescript'), 'comment');
      assert.equal(classifyMode(at('x = 1  # explain |'), 'python'), 'comment');
      assert.equal(classifyMode(at('s = "# not a comment |'), 'python'), 'code');
      assert.equal(classifyMode(at('/* a block\n   that goes on |'), 'c'), 'comment');
      assert.equal(classifyMode(at('# Title\n\nSome text |'), 'markdown'), 'prose');
      assert.equal(classifyMode(at('我们今天|'), 'plaintext'), 'prose');
      assert.equal(classifyMode(at('Text\n\n```python\nx = |'), 'markdown'), 'code', 'inside a fenced code block');
      assert.equal(classifyMode(at('```python\nx = 1\n```\n\nMore |'), 'markdown'), 'prose');
    });

    it('never takes a comment marker inside a string, raw string, template or regular expression for a comment', () => {
      const code: Array<[string, string]> = [
        ['const url = "http://example.com/|', 'typescript'],
        ["const c = '#fff'; const u = `${base}//|", 'typescript'],
        ['const re = /\\/\\/ comment/; const b = |', 'javascript'],
        ['const t = `line one\n// not a comment in a template |', 'typescript'],
        ['let s = r#"// raw "quoted" text "#; let n = |', 'rust'],
        ['s := `raw\n// still raw |', 'go'],
        ['var p = @"C:\\dir\\"; // x\nvar q = |', 'csharp'],
        ["SELECT '--' AS dashes, |", 'sql'],
        ['print("-- not lua") local s = [[ -- long string |', 'lua'],
        ['echo a#b; x=|', 'shellscript'],
        ['color: "#fff"  \nname: a#b|', 'yaml'],
        ['query = """\nSELECT 1 # not a comment |', 'python'],
      ];
      for (const [doc, language] of code) assert.equal(classifyMode(at(doc), language), 'code', `${language}: ${doc}`);
      // …and still sees the real comment after such a string.
      assert.equal(classifyMode(at('const url = "http://x"; // fetch it and |'), 'typescript'), 'comment');
      assert.equal(classifyMode(at("color = '#fff'  # the header |"), 'python'), 'comment');
      assert.equal(plan('const url = "http://example.com/|').mode, 'code');
      assert.equal(plan('const url = "http://x"; // fetch it and |').mode, 'comment');
    });

    it('reads docstrings, nested block comments and embedded scripts as the translate feature does', () => {
      assert.equal(classifyMode(at('def load(path):\n    """Read the file at |'), 'python'), 'comment', 'a docstring is prose');
      assert.equal(classifyMode(at('/* outer /* inner */ still in the outer |'), 'rust'), 'comment', 'Rust block comments nest');
      assert.equal(classifyMode(at('<template>\n  <a href="http://x">|'), 'vue'), 'code');
      assert.equal(classifyMode(at('<template></template>\n<script lang="ts">\n// load the user and |'), 'vue'), 'comment');
      assert.equal(classifyMode(at('<script>\nconst u = "http://x";\n</script>\n<p>See http://|'), 'html'), 'code');
      assert.equal(classifyMode(at('<style>\n/* the header |'), 'html'), 'comment');
    });

    it("uses the syntax an installed extension gives for a language the table does not know", () => {
      const nasm = { lineComments: [';'], blockComments: [], strings: [{ open: '"', close: '"', escape: 'backslash' as const, multiline: false }] };
      assert.equal(classifyMode(at('mov eax, 1 ; load the |'), 'nasm'), 'code', 'unknown without the extension');
      assert.equal(classifyMode(at('mov eax, 1 ; load the |'), 'nasm', nasm), 'comment');
      assert.equal(classifyMode(at('db "a ; b|'), 'nasm', nasm), 'code');
      const p = planCompletion({ ctx: at('mov eax, 1 ; load the |'), languageId: 'nasm', path: 'a.asm', model: QWEN, trigger: 'automatic', comments: nasm }, settings);
      assert.equal(p.mode, 'comment');
      assert.equal(headerComment('a.asm', 'nasm', nasm), '; Path: a.asm (nasm)\n');
    });

    it('prose and comments stop at a blank line and are one line while typing', () => {
      const prose = plan('The plan is |', 'markdown');
      assert.equal(prose.mode, 'prose');
      assert.equal(prose.multiline, false);
      assert.ok(prose.params.options?.stop?.includes('\n\n'));
      const comment = plan('// Returns the |', 'typescript');
      assert.equal(comment.mode, 'comment');
      assert.equal(comment.multiline, false);
    });
  });

  describe('lines and lengths', () => {
    it('multi-line only where the rest of the line is empty', () => {
      assert.equal(plan('function f() {|\n}').multiline, true);
      assert.equal(plan('function f() {\n  |\n}').multiline, true, 'empty line');
      assert.equal(plan('if (|) {').multiline, false, 'text after the cursor');
      assert.equal(plan('const total = a +|').multiline, false, 'mid-statement at the end of a line: one line');
      assert.equal(plan('const total = a +|', 'typescript', QWEN, 'manual').multiline, true, 'manual trigger asks for a block');
      assert.equal(planCompletion({ ctx: at('function f() {|'), languageId: 'typescript', path: '', model: QWEN, trigger: 'automatic' }, { ...settings, maxLines: 1 }).multiline, false);
    });

    it('caps num_predict small for a line, larger for a block', () => {
      const line = plan('const total = a +|').params.options?.num_predict ?? 0;
      const block = plan('function f() {|').params.options?.num_predict ?? 0;
      assert.ok(line > 0 && line <= 64, `line ${line}`);
      assert.ok(block > line && block <= 512, `block ${block}`);
    });

    it('stops at the line break for a mid-line edit, not where the suggestion may start on the next line', () => {
      assert.ok(plan('if (|) {').params.options?.stop?.includes('\n'));
      assert.ok(!plan('const total = a +|').params.options?.stop?.includes('\n'));
    });
  });
});
