// Ids for conversations, messages and attachments: time-ordered (so file listings sort by age) and
// random enough that two windows creating conversations in the same millisecond never collide.

let counter = 0;

export function newId(prefix = ''): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
  counter = (counter + 1) % 1296;
  return `${prefix}${time}${counter.toString(36).padStart(2, '0')}${random}`;
}
