// Credentials: what SecretStorage holds per endpoint, the headers they become, and that their values are
// blotted out of the log whatever writes them there.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { checkHeaderName, credentialHeaders, describeCredentials, parseCredentials, redactSecrets, secretKey, secretValues, serializeCredentials } from '../../../src/core/endpoints/credentials';
import { redactingLog } from '../../../src/platform/endpoints/redactingLog';

describe('endpoints: credentials', () => {
  it('round-trips a token and headers through the stored text, and stores nothing for none', () => {
    const creds = { token: 'sk-abc123', headers: { 'X-Api-Key': 'key-456' } };
    assert.deepEqual(parseCredentials(serializeCredentials(creds)), creds);
    assert.equal(serializeCredentials({}), undefined);
    assert.equal(serializeCredentials({ headers: {} }), undefined);
  });

  it('reads a damaged or foreign stored value as no credentials, dropping values that would split a header', () => {
    assert.deepEqual(parseCredentials('not json'), {});
    assert.deepEqual(parseCredentials('"a string"'), {});
    assert.deepEqual(parseCredentials(JSON.stringify({ token: 'a\r\nX-Evil: 1', headers: { 'Bad Name': 'v', Host: 'evil', ok: 'fine\nno' } })), {});
    assert.deepEqual(parseCredentials(JSON.stringify({ token: 42, headers: ['x'] })), {});
  });

  it('turns a token into a bearer header; a custom Authorization header wins', () => {
    assert.deepEqual(credentialHeaders({ token: 't0k3n' }), { Authorization: 'Bearer t0k3n' });
    assert.deepEqual(credentialHeaders({ token: 't0k3n', headers: { authorization: 'Basic abc' } }), { authorization: 'Basic abc' });
    assert.deepEqual(credentialHeaders({ headers: { 'CF-Access-Client-Id': 'id', 'CF-Access-Client-Secret': 's' } }), { 'CF-Access-Client-Id': 'id', 'CF-Access-Client-Secret': 's' });
  });

  it('describes credentials for the log by header names only', () => {
    const text = describeCredentials({ token: 'sk-secret-token', headers: { 'X-Api-Key': 'api-secret' } });
    assert.equal(text, 'Authorization, X-Api-Key');
    assert.doesNotMatch(text, /secret/);
  });

  it('keys SecretStorage by the endpoint name, case-insensitively, under Hearth\'s prefix', () => {
    assert.equal(secretKey('Team'), secretKey('team'));
    assert.ok(secretKey('team').startsWith(secretKey('')));
  });

  it('refuses header names that are not tokens or that Hearth sets itself', () => {
    assert.equal(checkHeaderName('X-Api-Key'), undefined);
    assert.equal(checkHeaderName(''), 'empty');
    assert.equal(checkHeaderName('X Api'), 'invalid');
    assert.equal(checkHeaderName('Host'), 'reserved');
    assert.equal(checkHeaderName('content-type'), 'reserved');
  });

  it('blots secret values out of text, longest first, leaving very short values alone', () => {
    const secrets = secretValues({ token: 'sk-abc123', headers: { A: 'sk-abc123-long', B: 'ab' } });
    assert.equal(redactSecrets('proxy said: bad key sk-abc123-long (sk-abc123) ab', secrets), 'proxy said: bad key [secret] ([secret]) ab');
  });

  it('keeps every secret out of the log channel, whatever method or argument carries it', () => {
    const written: unknown[][] = [];
    const record = (...args: unknown[]): void => void written.push(args);
    const channel = { name: 'Hearth', info: record, warn: record, error: record, debug: record, trace: record, appendLine: record, append: record, replace: record, show: () => 'shown' };
    let secrets: string[] = [];
    const log = redactingLog(channel as unknown as vscode.LogOutputChannel, () => secrets);
    log.info('before any secret: sk-live-999');
    secrets = ['sk-live-999'];
    log.info('header Authorization: Bearer sk-live-999');
    log.error(new Error('401 from proxy: token sk-live-999 rejected'));
    log.warn('x', { kept: 'objects pass as they are' });
    log.appendLine('sk-live-999');
    assert.equal(log.name, 'Hearth');
    assert.equal((log as unknown as { show(): string }).show(), 'shown');
    const text = JSON.stringify(written.slice(1).map((args) => args.map((a) => (a instanceof Error ? `${a.name}: ${a.message} ${a.stack ?? ''}` : a))));
    assert.doesNotMatch(text, /sk-live-999/);
    assert.match(text, /Bearer \[secret\]/);
    assert.match(text, /token \[secret\] rejected/);
  });
});
