// Merges translations into a JSON string file, sorted by key, under a lock so that several people
// (or helpers) adding strings at once cannot lose each other's entries.
//   node test/support/mergeStrings.mjs <target.json> <entries.json>
import fs from 'node:fs';

const [target, entriesFile] = process.argv.slice(2);
if (!target || !entriesFile) {
  console.error('usage: node test/support/mergeStrings.mjs <target.json> <entries.json>');
  process.exit(2);
}
const lock = `${target}.lock`;
const deadline = Date.now() + 10_000;
for (;;) {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    break;
  } catch {
    if (Date.now() > deadline) {
      console.error(`could not lock ${lock}`);
      process.exit(1);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}
try {
  const current = fs.existsSync(target) ? JSON.parse(fs.readFileSync(target, 'utf8')) : {};
  const entries = JSON.parse(fs.readFileSync(entriesFile, 'utf8'));
  const merged = { ...current, ...entries };
  const sorted = Object.fromEntries(Object.keys(merged).sort((a, b) => a.localeCompare(b, 'en')).map((k) => [k, merged[k]]));
  fs.writeFileSync(target, JSON.stringify(sorted, null, 2) + '\n');
  console.log(`${target}: ${Object.keys(entries).length} entries merged, ${Object.keys(sorted).length} in all`);
} finally {
  fs.rmSync(lock, { force: true });
}
