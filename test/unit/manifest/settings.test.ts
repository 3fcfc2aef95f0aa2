import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTING_DEFAULTS } from '../../../src/core/settings';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string; order?: number; markdownDescription?: string; description?: string }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const properties = manifest.contributes.configuration.properties;
const nls = (name: string): Record<string, string> => JSON.parse(fs.readFileSync(path.join(root, name), 'utf8')) as Record<string, string>;

/** Resource limits: context windows, output lengths, prompt budgets, request rates, keep-alive. */
const RESOURCE_LIMIT = /^hearth\.(contextLength|keepAlive|generation\.|completion\.(debounce|prefixTokens|suffixTokens|maxLines|maxLineLength)|ollama\.startTimeoutSeconds|workspaceIndex\.max)/;

/** Window-scoped settings that an untrusted workspace may still set, and why that is harmless. */
const WORKSPACE_MAY_SET: readonly string[] = [
  'hearth.completion.enable', // turning completion off (or on) per language in a project sends nothing anywhere new
  'hearth.summarize.style', // bullets or a paragraph: the shape of a summary the user asked for
];

/**
 * The decision for every setting: `machine` (a workspace can never set it: hosts, executables,
 * environments, privacy switches, resource limits), `restricted` (a trusted workspace may set it, an
 * untrusted one may not: models, prompts, languages, what is applied without a preview), `workspace`
 * (any workspace may set it). A new setting fails the test until it is decided here.
 */
const SCOPE_DECISIONS: Record<string, 'machine' | 'restricted' | 'workspace'> = {
  'hearth.host': 'machine',
  'hearth.allowRemoteHost': 'machine',
  'hearth.allowCloudModels': 'machine',
  // Where requests go and whom to trust: only the user (or the remote machine) decides, never a cloned repository.
  'hearth.endpoints': 'machine',
  'hearth.tls.caFile': 'machine',
  // Which of the user's own endpoints a feature uses, like hearth.model.*: a trusted workspace may choose among
  // them (only machine-declared endpoints exist, and a remote one needs the user's opt-in), an untrusted one not.
  'hearth.endpoint.completion': 'restricted',
  'hearth.endpoint.chat': 'restricted',
  'hearth.endpoint.summarize': 'restricted',
  'hearth.endpoint.translate': 'restricted',
  'hearth.keepAlive': 'machine',
  'hearth.contextLength': 'machine',
  'hearth.ollama.path': 'machine',
  'hearth.ollama.autoStart': 'machine',
  'hearth.ollama.env': 'machine',
  'hearth.ollama.stopOnExit': 'machine',
  'hearth.ollama.startTimeoutSeconds': 'machine',
  // How Ollama is run, and the container CLI and image it runs: executables and what they download.
  'hearth.ollama.runMode': 'machine',
  'hearth.ollama.containerCli': 'machine',
  'hearth.ollama.containerImage': 'machine',
  'hearth.ollama.containerGpu': 'machine',
  'hearth.generation.completion': 'machine',
  'hearth.generation.draft': 'machine',
  'hearth.generation.chat': 'machine',
  'hearth.generation.summarize': 'machine',
  'hearth.generation.translate': 'machine',
  'hearth.completion.debounceMinMs': 'machine',
  'hearth.completion.debounceMaxMs': 'machine',
  'hearth.completion.prefixTokens': 'machine',
  'hearth.completion.suffixTokens': 'machine',
  'hearth.completion.maxLines': 'machine',
  'hearth.completion.maxLineLength': 'machine',
  'hearth.model.completion': 'restricted',
  'hearth.model.chat': 'restricted',
  'hearth.model.summarize': 'restricted',
  'hearth.model.translate': 'restricted',
  'hearth.model.embedding': 'restricted',
  // Indexing a workspace is the user's choice for that workspace (it costs disk and GPU time), so a trusted
  // workspace may keep it on; an untrusted one never indexes, and its value is ignored.
  'hearth.workspaceIndex.enabled': 'restricted',
  // How much of a workspace is indexed is a resource limit: a cloned repository cannot raise it.
  'hearth.workspaceIndex.maxFiles': 'machine',
  'hearth.workspaceIndex.maxFileSizeKB': 'machine',
  'hearth.chat.systemPrompt': 'restricted',
  'hearth.prompts.draft': 'restricted',
  'hearth.prompts.summarize': 'restricted',
  'hearth.prompts.translate': 'restricted',
  'hearth.prompts.chatSystem': 'restricted',
  'hearth.completion.promptFormat': 'restricted',
  'hearth.summarize.language': 'restricted',
  'hearth.translate.targetLanguage': 'restricted',
  'hearth.translate.preview': 'restricted',
  // How translated comments are laid out decides what lands in the user's files: the user's call.
  'hearth.translate.rewrap': 'restricted',
  'hearth.completion.enable': 'workspace',
  'hearth.summarize.style': 'workspace',
};

describe('settings: the typed module and package.json agree', () => {
  it('declares every typed setting in package.json with the same default', () => {
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.ok(properties[key], `${key} is declared in package.json`);
      assert.deepEqual(properties[key].default, value, `default of ${key}`);
    }
  });

  it('types every setting that package.json declares', () => {
    for (const key of Object.keys(properties)) {
      assert.ok(key in SETTING_DEFAULTS, `${key} has a typed default in src/core/settings.ts`);
    }
  });

  it('keeps settings that name a host or an executable out of workspace settings', () => {
    for (const [key, prop] of Object.entries(properties)) {
      if (/host|path|env|allowRemote|allowCloud/i.test(key)) {
        assert.ok(prop.scope === 'machine' || prop.scope === 'application', `${key} has machine or application scope (has ${prop.scope})`);
      }
    }
  });

  it('reads every setting without a resource, so none is declared per resource or per language', () => {
    // ConfigService.get() asks VS Code without a resource; for a resource-scoped setting that logs a
    // warning on every read and ignores folder values, so such a setting would promise what Hearth does not do.
    for (const [key, prop] of Object.entries(properties)) {
      assert.ok(prop.scope !== 'resource' && prop.scope !== 'language-overridable', `${key} has ${prop.scope} scope`);
    }
  });

  it('makes an explicit scope decision for every setting, by what the setting is', () => {
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    for (const [key, prop] of Object.entries(properties)) {
      assert.ok(prop.scope, `${key} declares its scope (VS Code's implicit default is window)`);
      const decision = SCOPE_DECISIONS[key];
      assert.ok(decision, `${key} has a scope decision in this test`);
      if (decision === 'machine') {
        // A cloned repository must not size the user's GPU memory or request rate, trusted or not.
        assert.ok(prop.scope === 'machine' || prop.scope === 'application', `${key} is a machine setting (has ${prop.scope})`);
      } else {
        assert.ok(prop.scope === 'window', `${key} may be set per workspace (has ${prop.scope})`);
        assert.equal(restricted.has(key), decision === 'restricted', `${key} ${decision === 'restricted' ? 'is' : 'is not'} restricted in untrusted workspaces`);
      }
    }
    for (const key of Object.keys(SCOPE_DECISIONS)) assert.ok(properties[key], `${key} (decided here) is declared`);
  });

  it('keeps every resource limit out of workspace settings, also when the workspace is trusted', () => {
    const limits = Object.keys(properties).filter((key) => RESOURCE_LIMIT.test(key));
    assert.ok(limits.length >= 12, limits.join(', '));
    for (const key of limits) {
      const scope = properties[key].scope;
      // machine-overridable, window and resource all let .vscode/settings.json set the value.
      assert.ok(scope === 'machine' || scope === 'application', `${key} has machine or application scope (has ${scope})`);
    }
  });

  it('lists every setting that is not machine-scoped and not harmless as restricted', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of restricted) assert.ok(properties[key], `restricted ${key} is declared`);
    assert.equal(new Set(restricted).size, restricted.length, 'no duplicates');
    for (const [key, prop] of Object.entries(properties)) {
      if (prop.scope === 'machine' || prop.scope === 'application') continue;
      if (WORKSPACE_MAY_SET.includes(key)) continue;
      assert.ok(restricted.includes(key), `${key} can be set by a workspace, so it is restricted when that workspace is untrusted`);
    }
  });

  it('lists the host and privacy settings as restricted in untrusted workspaces', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['hearth.host', 'hearth.allowRemoteHost', 'hearth.allowCloudModels']) assert.ok(restricted.includes(key), key);
  });

  it('describes every setting through a localized %key%', () => {
    for (const [key, prop] of Object.entries(properties)) {
      const text = prop.markdownDescription ?? prop.description ?? '';
      assert.match(text, /^%[\w.-]+%$/, `${key} description is a %key%`);
    }
  });

  it('orders the Settings UI: host and privacy first, then the models, then each feature in turn', () => {
    const orderOf = (key: string): number => {
      const order = properties[key]?.order;
      assert.equal(typeof order, 'number', `${key} has an order`);
      return order as number;
    };
    for (const key of Object.keys(properties)) orderOf(key);
    const models = Object.keys(properties).filter((k) => k.startsWith('hearth.model.'));
    assert.equal(models.length, 5);
    const first = ['hearth.host', 'hearth.allowRemoteHost', 'hearth.allowCloudModels'];
    const rest = Object.keys(properties).filter((k) => !first.includes(k) && !models.includes(k));
    assert.ok(Math.max(...first.map(orderOf)) < Math.min(...models.map(orderOf)), 'the host before the models');
    assert.ok(Math.max(...models.map(orderOf)) < Math.min(...rest.map(orderOf)), 'the models before the rest');
    // One feature's settings side by side: no other group's setting ordered between them.
    const groups = new Map<string, number[]>();
    for (const key of rest) {
      const group = key.split('.').slice(0, 2).join('.');
      groups.set(group, [...(groups.get(group) ?? []), orderOf(key)]);
    }
    const spans = [...groups.values()].map((o) => [Math.min(...o), Math.max(...o)] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]![0] > spans[i - 1]![1], `groups overlap: ${JSON.stringify(spans)}`);
  });

  it('tells how to choose a model in each model setting, with a working link, in English and Chinese', () => {
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const strings = nls(file);
      for (const feature of ['completion', 'chat', 'summarize', 'translate']) {
        const prop = properties[`hearth.model.${feature}`]!;
        const key = /^%(.+)%$/.exec(prop.markdownDescription ?? '')?.[1];
        assert.ok(key, `hearth.model.${feature} has a markdownDescription (links render only there)`);
        const link = /\]\(command:hearth\.useModelFor\?([^)\s]+)\)/.exec(strings[key] ?? '');
        assert.ok(link, `${file}: ${key} links to hearth.useModelFor`);
        assert.deepEqual(JSON.parse(decodeURIComponent(link[1]!)), [feature], `${file}: the link chooses for ${feature}`);
      }
    }
  });
});

describe('settings: values are read the way VS Code filters them', () => {
  // VS Code drops a workspace's values of restricted settings (untrusted) and of machine settings from what
  // `get` returns. `inspect` is allowed only where it looks at one named level, never to pick a workspace value.
  const INSPECT_ALLOWED: Record<string, string> = {
    'src/platform/config.ts': 'hearth.host: the user/machine value only, so that OLLAMA_HOST applies when unset',
    'src/features/customisation/reset.ts': 'Reset lists where values are set, to remove them',
    'src/features/models/commands/context.ts': 'Use Model For writes to the level the model is set at',
    'src/features/inline/statusBar.ts': 'the language toggle edits the user value',
    'src/platform/endpoints/registry.ts': 'hearth.endpoints and hearth.tls.caFile: the user/machine value only (machine scope)',
    'src/features/endpoints/commands.ts': 'Add Endpoint appends to the user value of hearth.endpoints (machine scope)',
  };

  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
    });
  }

  it('calls inspect() only where a single level is meant', () => {
    const offenders = sources(path.join(root, 'src'))
      .filter((file) => /\.inspect(<[^>]*>)?\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file).split(path.sep).join('/'))
      .filter((file) => !(file in INSPECT_ALLOWED));
    assert.deepEqual(offenders, []);
  });

  it('takes hearth.host from the user or machine settings, never from a workspace', () => {
    const text = fs.readFileSync(path.join(root, 'src', 'platform', 'config.ts'), 'utf8');
    assert.doesNotMatch(text, /workspace(Folder)?Value/);
  });
});
