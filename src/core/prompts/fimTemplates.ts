// Raw fill-in-the-middle layouts of the code model families Ollama serves (protocol reference §3.2),
// and how Hearth recognises which one a model speaks.
//
// Cache-friendly arrangement: in the prefix-suffix-middle layouts the text of the cursor's line before
// the cursor goes AFTER the middle marker (`…<fim_middle>{linePrefix}`), as llama.cpp's infill does. The
// model sees the same thing (the middle simply starts with what is already typed), but consecutive prompts
// while the user types on one line now differ only in their last bytes: the whole prefix, the suffix and
// the markers come from Ollama's KV cache and only the newly typed characters are evaluated.

export type FimFamily = 'qwen' | 'codellama' | 'deepseek' | 'deepseek-v2' | 'starcoder' | 'codegemma' | 'codestral';

export interface FimParts {
  /** Header and whole lines before the cursor's line. */
  prefix: string;
  /** The cursor's line up to the cursor. */
  linePrefix: string;
  /** Everything after the cursor (rest of the line, then the following lines). */
  suffix: string;
}

export interface FimLayout {
  readonly family: FimFamily;
  /** The raw prompt (sent with `raw: true` and no `suffix`). */
  render(parts: FimParts): string;
  /** Stop strings: the family's end and marker tokens. */
  readonly stop: readonly string[];
}

const QWEN_STOP = ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<|im_start|>', '<|im_end|>'];

const LAYOUTS: Record<FimFamily, FimLayout> = {
  qwen: {
    family: 'qwen',
    render: (p) => `<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>${p.linePrefix}`,
    stop: QWEN_STOP,
  },
  // SentencePiece with a leading-space convention around the markers: keep the typed line in the prefix.
  codellama: {
    family: 'codellama',
    render: (p) => `<PRE> ${p.prefix}${p.linePrefix} <SUF>${p.suffix} <MID>`,
    stop: ['<EOT>', '<PRE>', '<SUF>', '<MID>'],
  },
  deepseek: {
    family: 'deepseek',
    render: (p) => `<｜fim▁begin｜>${p.prefix}<｜fim▁hole｜>${p.suffix}<｜fim▁end｜>${p.linePrefix}`,
    stop: ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>'],
  },
  'deepseek-v2': {
    family: 'deepseek-v2',
    render: (p) => `<｜fim▁begin｜>${p.prefix}\n<｜fim▁hole｜>\n${p.suffix}<｜fim▁end｜>${p.linePrefix}`,
    stop: ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>'],
  },
  starcoder: {
    family: 'starcoder',
    render: (p) => `<fim_prefix>${p.prefix}<fim_suffix>${p.suffix}<fim_middle>${p.linePrefix}`,
    stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
  },
  codegemma: {
    family: 'codegemma',
    render: (p) => `<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>${p.linePrefix}`,
    stop: ['<|file_separator|>', '<eos>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<end_of_turn>'],
  },
  // Suffix first: the prefix (and so the typed line) is already at the end of the prompt.
  codestral: {
    family: 'codestral',
    render: (p) => `[SUFFIX]${p.suffix}[PREFIX] ${p.prefix}${p.linePrefix}`,
    stop: ['</s>', '[SUFFIX]', '[PREFIX]', '[MIDDLE]'],
  },
};

export function fimLayout(family: FimFamily): FimLayout {
  return LAYOUTS[family];
}

/** Every end or marker token any family uses: post-processing cuts a suggestion at the first one that leaks. */
export const ALL_SPECIAL_TOKENS: readonly string[] = [...new Set(Object.values(LAYOUTS).flatMap((l) => l.stop))];

/** What Hearth knows about a model when choosing a layout. */
export interface ModelIdentity {
  name: string;
  family?: string;
  /** The model's Go template from /api/show ('' when unknown). */
  template?: string;
}

/** The markers in a model's own template: the most reliable evidence, since it is what the model was packaged with. */
function familyFromTemplate(template: string, name: string): FimFamily | undefined {
  if (template.includes('<|fim_prefix|>') && template.includes('<|fim_middle|>')) return /gemma/i.test(name) ? 'codegemma' : 'qwen';
  if (template.includes('<｜fim▁begin｜>')) return /v2/i.test(name) || /\n<｜fim▁hole｜>\n/.test(template) ? 'deepseek-v2' : 'deepseek';
  if (template.includes('<fim_prefix>') && template.includes('<fim_middle>')) return 'starcoder';
  if (template.includes('<PRE>') && template.includes('<MID>')) return 'codellama';
  if (template.includes('[SUFFIX]') && template.includes('[PREFIX]')) return 'codestral';
  return undefined;
}

/** The base name and the tag, lower-cased: `hf.co/x/qwen2.5-coder:1.5b-base` → [`qwen2.5-coder`, `1.5b-base`]. */
function splitName(name: string): [base: string, tag: string] {
  const lower = name.trim().toLowerCase();
  const slash = lower.lastIndexOf('/');
  const colon = lower.lastIndexOf(':');
  const base = colon > slash ? lower.slice(slash + 1, colon) : lower.slice(slash + 1);
  const tag = colon > slash ? lower.slice(colon + 1) : 'latest';
  return [base, tag];
}

/** Library names of models trained for infilling. Instruct-only variants are left out where they cannot infill. */
function familyFromName(name: string, family: string): FimFamily | undefined {
  const [base, tag] = splitName(name);
  if (/^qwen(2\.5|3)?-?coder/.test(base)) return 'qwen';
  if (/^deepseek-coder-v2/.test(base)) return 'deepseek-v2';
  if (/^deepseek-coder/.test(base)) return /instruct/.test(tag) ? undefined : 'deepseek';
  if (/^starcoder2?$/.test(base) || /^starcoder/.test(family)) return 'starcoder';
  if (/^codestral/.test(base)) return 'codestral';
  // codegemma: the 2b model and the -code tags infill; the default 7b tag is the chat (-it) model.
  if (/^codegemma/.test(base)) return /(^|-)2b|code/.test(tag) ? 'codegemma' : undefined;
  // codellama: only the -code tags (7b-code, 13b-code…) were trained to infill.
  if (/^codellama/.test(base)) return /(^|-)code($|-)/.test(tag) ? 'codellama' : undefined;
  return undefined;
}

/** The raw layout this model speaks, or undefined when Hearth cannot be sure. */
export function detectFimFamily(model: ModelIdentity): FimFamily | undefined {
  return familyFromTemplate(model.template ?? '', model.name) ?? familyFromName(model.name, (model.family ?? '').toLowerCase());
}
