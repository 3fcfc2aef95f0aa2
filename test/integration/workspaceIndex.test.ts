// The workspace index in a real VS Code against the stand-in: a few hundred real files (packages copied from
// node_modules into the workspace), turned on through the @workspace prompt, built in the background one
// embedding request at a time, with progress; a question whose answer is in one file gets that file first;
// edits, renames and deletes are followed; a chat answer being generated holds the index back; a build
// stopped midway or a torn index file leaves a usable index.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HearthApi } from '../../src/extension';
import type { IndexProgress } from '../../src/core/indexing/indexer';
import { StandinOllama, type RecordedRequest } from '../support/standin';
import { activateExtension, resetSettings, setSetting, sleep, waitFor, workspaceFolder, workspaceUri, EXTENSION_ID } from './helpers';

const SETTINGS = ['hearth.host', 'hearth.model.embedding', 'hearth.workspaceIndex.enabled'];
const DEMO = 'indexdemo';
const QUESTION = 'where does markdown-it tokenize strikethrough delimiters';
const ANSWER = `${DEMO}/markdown-it/lib/rules_inline/strikethrough.mjs`;

/**
 * The answer's file is the first or second file retrieved. Not always the first: the stand-in's embeddings are
 * bags of words, and in the full run the workspace also holds other suites' files, which shift the word
 * statistics enough for markdown-it's index.mjs (it names every rule) to rank above the rule's own file.
 */
function answerAmongFirstFiles(paths: readonly string[]): boolean {
  const files = [...new Set(paths)];
  return files.slice(0, 2).includes(ANSWER);
}

describe('workspace index', function () {
  this.timeout(180_000);
  let api: HearthApi;
  let standin: StandinOllama;
  const embeds = (): RecordedRequest[] => standin.requests.filter((r) => r.path === '/api/embed');
  const index = (): HearthApi['workspaceIndex'] => api.workspaceIndex;
  const asked = new Set<string>();
  const ask = async (q: string): Promise<string[]> => {
    asked.add(q);
    return (await index().retrieve(q, { budgetTokens: 3000 })).chunks.map((c) => c.path);
  };
  /** Texts the index embedded (the questions' own embeddings left out). */
  const indexedInputs = (): string[] => embeds().flatMap((r) => (r.body as { input: string[] }).input ?? []).filter((t) => !asked.has(t));

  before(async () => {
    api = await activateExtension<HearthApi>();
    // Start from a workspace never indexed, whatever an earlier suite left in its storage.
    await vscode.commands.executeCommand('hearth.workspaceIndex.delete');
    standin = await StandinOllama.start({ perTokenMs: 0 });
    await setSetting('hearth.host', standin.url);
    await setSetting('hearth.model.embedding', 'nomic-embed-text:latest');
    // A few hundred real files: packages from the extension's own node_modules.
    const modules = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'node_modules');
    const target = path.join(workspaceFolder().uri.fsPath, DEMO);
    // markdown-it's sources only: its dist/ bundle repeats every file, and the answer would be in two files.
    fs.cpSync(path.join(modules, 'markdown-it', 'lib'), path.join(target, 'markdown-it', 'lib'), { recursive: true });
    for (const pkg of ['mocha', 'semver']) fs.cpSync(path.join(modules, pkg), path.join(target, pkg), { recursive: true });
    fs.cpSync(path.join(modules, 'highlight.js', 'lib', 'languages'), path.join(target, 'highlight-languages'), { recursive: true });
    fs.writeFileSync(path.join(target, '.gitignore'), 'skipped/\n');
    fs.mkdirSync(path.join(target, 'skipped'), { recursive: true });
    fs.writeFileSync(path.join(target, 'skipped', 'strikethrough.md'), '# Strikethrough delimiters tokenized and paired\nIgnored by .gitignore.\n');
  });

  after(async () => {
    index().scheduler.resume();
    await vscode.commands.executeCommand('hearth.workspaceIndex.delete');
    await resetSettings(SETTINGS);
    fs.rmSync(path.join(workspaceFolder().uri.fsPath, DEMO), { recursive: true, force: true });
    await standin.close();
  });

  it('is off until the user says yes to the @workspace prompt, then builds in the background and answers from the right file', async () => {
    assert.strictEqual(index().availability(), 'off');
    assert.deepStrictEqual((await index().retrieve(QUESTION, { budgetTokens: 1000 })).chunks, [], 'nothing while off');
    let prompted = 0;
    const phases = new Set<string>();
    // Every phase reported, through the event; what the status item showed, through its record (a build of a
    // few hundred files can finish between two samples of the item's text).
    const sub = index().onDidChangeProgress((p: IndexProgress) => phases.add(p.phase));
    standin.resetRecord();
    index().prompt = async () => (++prompted, true);
    assert.strictEqual(await index().ensureEnabled(), true);
    assert.strictEqual(prompted, 1);
    assert.strictEqual(await index().ensureEnabled(), true, 'on: no question');
    assert.strictEqual(prompted, 1);
    assert.strictEqual(vscode.workspace.getConfiguration().inspect('hearth.workspaceIndex.enabled')?.workspaceValue, true, 'turned on for this workspace');
    await waitFor(() => index().availability() === 'ready', { timeoutMs: 150_000, intervalMs: 200, message: `the index to be ready (${index().availability()})` });
    sub.dispose();
    assert.ok(phases.has('scanning') && phases.has('embedding'), `progress shown: ${[...phases].join(', ')}`);
    const statusTexts = new Set([...index().statusShown()].map((t) => t.replace(/\d+/g, 'N')));
    assert.ok(statusTexts.has('$(sync~spin) Indexing N%'), `the status item showed progress: ${[...statusTexts].join(' | ')}`);
    await index().whenIdle();
    assert.strictEqual(index().statusText(), undefined, 'the status item is gone when the index is ready');
    const stats = index().stats();
    assert.ok(stats.paths >= 300, `a few hundred files: ${stats.paths}`);
    assert.ok(stats.vectors > 0 && stats.model.startsWith('nomic-embed-text:latest@'), JSON.stringify(stats));
    // One embedding request at a time, truncation off.
    const sent = embeds().sort((a, b) => a.receivedAt - b.receivedAt);
    assert.ok(sent.length > 2);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i]!.receivedAt >= (sent[i - 1]!.closedAt ?? Infinity), `embed #${i} began after #${i - 1} ended`);
    assert.ok(sent.every((r) => (r.body as { truncate?: boolean }).truncate === false));

    const answer = await index().retrieve(QUESTION, { budgetTokens: 3000 });
    assert.strictEqual(answer.availability, 'ready');
    assert.ok(answerAmongFirstFiles(answer.chunks.map((c) => c.path)), answer.chunks.map((c) => c.path).join(', '));
    const first = answer.chunks.find((c) => c.path === ANSWER)!;
    assert.strictEqual(first.uri, workspaceUri(...ANSWER.split('/')).toString());
    const lines = fs.readFileSync(vscode.Uri.parse(first.uri).fsPath, 'utf8').split('\n');
    assert.strictEqual(lines.slice(first.startLine - 1, first.endLine).join('\n'), first.text, 'the chunk is those lines of the file');
    assert.ok(!answer.chunks.some((c) => c.path.includes('/skipped/')), '.gitignore respected');
    assert.ok(answer.chunks.reduce((n, c) => n + c.tokens, 0) <= 3000);
  });

  it('follows files created, edited, renamed and deleted, embedding only what changed', async () => {
    const uri = workspaceUri(DEMO, 'notes', 'zebra.md');
    await sleep(1000); // late watcher events of the copy, if any, are collected and handled first
    await index().whenIdle();
    standin.resetRecord();
    await vscode.workspace.fs.writeFile(uri, Buffer.from('# Zebra crossings\n\nThe quokkaPipeline hands each zebra crossing to the lantern scheduler.\n'));
    await waitFor(async () => (await ask('quokkaPipeline zebra crossing'))[0] === `${DEMO}/notes/zebra.md`, { timeoutMs: 20_000, message: 'the new file to be found' });
    await index().whenIdle();
    const texts = indexedInputs();
    assert.deepStrictEqual(texts.map((t) => t.split('\n')[0]), ['# Zebra crossings'], 'only the new file was embedded');

    // Edit in an editor and save.
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), '# Heron bridges\n\nThe marmosetRouter sends each heron bridge to the lantern scheduler.\n');
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await waitFor(async () => (await ask('marmosetRouter heron bridge'))[0] === `${DEMO}/notes/zebra.md`, { timeoutMs: 20_000, message: 'the edit to be indexed' });
    assert.ok(!(await ask('quokkaPipeline')).includes(`${DEMO}/notes/zebra.md`), 'the old text is gone');

    // Rename through VS Code.
    const renamed = workspaceUri(DEMO, 'notes', 'heron.md');
    const rename = new vscode.WorkspaceEdit();
    rename.renameFile(uri, renamed);
    await vscode.workspace.applyEdit(rename);
    await waitFor(async () => (await ask('marmosetRouter heron bridge'))[0] === `${DEMO}/notes/heron.md`, { timeoutMs: 20_000, message: 'the rename to be followed' });
    assert.ok(!(await ask('marmosetRouter')).includes(`${DEMO}/notes/zebra.md`));

    // Delete on disk.
    await vscode.workspace.fs.delete(renamed);
    await waitFor(async () => !(await ask('marmosetRouter heron bridge')).includes(`${DEMO}/notes/heron.md`), { timeoutMs: 20_000, message: 'the delete to be followed' });
  });

  it('embeds what it could not while Ollama was away as soon as Ollama is back, without a question or a save', async () => {
    await index().whenIdle();
    const uri = workspaceUri(DEMO, 'notes', 'otter.md');
    await standin.addFault({ fault: { kind: 'refuse' } });
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from('# Otter ferries\n\nThe walrusBeacon lights each otter ferry across the lantern harbour.\n'));
      // Found by its words while Ollama is away: indexed without a vector.
      await waitFor(async () => (await ask('walrusBeacon otter ferry'))[0] === `${DEMO}/notes/otter.md`, { timeoutMs: 20_000, message: 'the new file to be indexed by its words' });
      await waitFor(() => api.services.state.snapshot.connection.kind !== 'connected', { timeoutMs: 20_000, message: 'Hearth to see that Ollama is away' });
      await index().whenIdle();
      assert.ok(!indexedInputs().some((t) => t.startsWith('# Otter ferries')), 'nothing could be embedded while Ollama was away');
      standin.resetRecord();
    } finally {
      await standin.clearFaults();
    }
    await waitFor(() => indexedInputs().some((t) => t.startsWith('# Otter ferries')), { timeoutMs: 30_000, message: 'the new file to be embedded once Ollama is back' });
    await index().whenIdle();
    await vscode.workspace.fs.delete(uri);
  });

  it('holds back while a chat answer is being generated, and pauses and resumes', async () => {
    standin.setDelays({ promptMsPer1kChars: 30 });
    await vscode.commands.executeCommand('hearth.workspaceIndex.rebuild');
    await waitFor(() => embeds().length > 0 && index().progress.phase === 'embedding', { timeoutMs: 30_000, message: 'embedding to start' });
    standin.setDelays({ perTokenMs: 40 });
    standin.resetRecord();
    let text = '';
    for await (const chunk of api.services.gateway.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'Say something long.' }] })) text += chunk.text;
    assert.ok(text.length > 0);
    const chat = standin.requests.find((r) => r.path === '/api/chat')!;
    const during = embeds().filter((r) => r.receivedAt > chat.receivedAt + 50 && r.receivedAt < (chat.closedAt ?? 0));
    assert.deepStrictEqual(during.map((r) => r.id), [], 'no embedding request began while the answer streamed');
    standin.setDelays({ perTokenMs: 0 });

    await vscode.commands.executeCommand('hearth.workspaceIndex.pause');
    assert.strictEqual(index().statusText(), '$(debug-pause) Index paused');
    await sleep(1500);
    standin.resetRecord();
    await sleep(1500);
    assert.strictEqual(embeds().length, 0, 'paused: no requests');
    await vscode.commands.executeCommand('hearth.workspaceIndex.resume');
    await waitFor(() => embeds().length > 0, { timeoutMs: 20_000, message: 'embedding to resume' });
    standin.setDelays({ promptMsPer1kChars: 0 });
    await index().whenIdle();
    assert.strictEqual(index().availability(), 'ready');
    assert.ok(answerAmongFirstFiles(await ask(QUESTION)));
  });

  it('a build stopped midway, and a torn index file, leave an index that works', async () => {
    const file = path.join(api.services.context.storageUri!.fsPath, 'workspace-index.bin');
    standin.setDelays({ promptMsPer1kChars: 20 });
    await vscode.commands.executeCommand('hearth.workspaceIndex.rebuild');
    await waitFor(() => index().stats().vectors > 50, { timeoutMs: 60_000, message: 'part of the index embedded' });
    const before = index().stats();
    assert.ok(before.vectors < before.chunks, 'stopped midway');
    // The window goes away mid-build, and a new one loads what was stored.
    await index().reload();
    await waitFor(() => index().stats().chunks === before.chunks, { timeoutMs: 30_000, message: 'the stored index to load' });
    assert.ok(index().stats().vectors >= 50, 'the vectors embedded before are kept');
    assert.ok((await ask('strikethrough')).length > 0, 'usable at once');
    standin.setDelays({ promptMsPer1kChars: 0 });
    await index().whenIdle();
    assert.ok(answerAmongFirstFiles(await ask(QUESTION)));

    // A torn file (a crash mid-write by some other tool, a full disk): recognized by its checksum, rebuilt.
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await index().reload();
    await index().whenIdle();
    assert.strictEqual(index().availability(), 'ready');
    assert.ok(answerAmongFirstFiles(await ask(QUESTION)));
    assert.ok(fs.statSync(file).size > bytes.length / 2, 'written again whole');
  });

  it('Delete Workspace Index removes the file and turns indexing off for this workspace', async () => {
    const file = path.join(api.services.context.storageUri!.fsPath, 'workspace-index.bin');
    assert.ok(fs.existsSync(file));
    await vscode.commands.executeCommand('hearth.workspaceIndex.delete');
    assert.ok(!fs.existsSync(file));
    await waitFor(() => index().availability() === 'off', { message: 'indexing off' });
    assert.deepStrictEqual((await index().retrieve(QUESTION, { budgetTokens: 1000 })).chunks, []);
    // Off again: the next @workspace question asks; a "no" is not asked again in this window.
    let prompted = 0;
    index().prompt = async () => (++prompted, false);
    assert.strictEqual(await index().ensureEnabled(), false);
    assert.strictEqual(await index().ensureEnabled(), false);
    assert.strictEqual(prompted, 1, 'asked once');
    assert.strictEqual(index().availability(), 'off');
  });
});
