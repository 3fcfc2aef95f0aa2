// Ids for conversations, messages and attachments: time-ordered (so file listings sort by age) and
// random enough that two windows creating conversations in the same millisecond never collide.

let counter = 0;

export function newId(prefix = ''): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
  counter = (counter + 1) % 1296;
  return `${prefix}${time}${counter.toString(36).padStart(2, '0')}${random}`;
}

/** The length of what newId adds after its prefix: 9 digits of time, 2 of counter, 6 random (base 36). */
const GENERATED_LENGTH = 17;

/** Whether `value` has exactly the shape newId(prefix) makes: the prefix, then 17 lower-case base-36 digits. */
export function isGeneratedId(value: unknown, prefix: string): value is string {
  return typeof value === 'string' && value.length === prefix.length + GENERATED_LENGTH && value.startsWith(prefix) && /^[0-9a-z]+$/.test(value.slice(prefix.length));
}

/** Conversations are made with newId('c'). */
export function isConversationId(value: unknown): value is string {
  return isGeneratedId(value, 'c');
}
