import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTING_DEFAULTS } from '../../../src/core/settings';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string; markdownDescription?: string; description?: string }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const properties = manifest.contributes.configuration.properties;

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
});
