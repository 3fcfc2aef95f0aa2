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
    assert.equal(models.length, 4);
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
