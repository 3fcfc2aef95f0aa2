// Secrets never travel back in an error: some proxies echo the key they were sent in their 401 text
// ("Received API Key = …"), and an error's text becomes a message, a log line, a serverMessage. This fetch
// blots the endpoint's secret values out of every error reply's body before anything reads it. Successful
// replies (the streams) pass through untouched.
import type { FetchLike } from '../ollama/transport';

export function blot(text: string, secrets: readonly string[]): string {
  // Values shorter than 4 characters would blot ordinary words and tell nothing worth hiding.
  return secrets.reduce((acc, secret) => (secret.length >= 4 ? acc.split(secret).join('***') : acc), text);
}

export function blottingFetch(base: FetchLike, secrets: () => Promise<readonly string[]>): FetchLike {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.ok || response.status < 400) return response;
    const values = await secrets();
    if (!values.some((v) => v.length >= 4)) return response;
    const text = await response.text();
    return new Response(blot(text, values), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
