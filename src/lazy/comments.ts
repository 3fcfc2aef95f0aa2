// The language-configuration reader, loaded the first time a language's comment syntax is looked up
// (platform/commentSyntax.ts): the JSONC parser it carries is not needed at activation. Its load is a
// one-time few milliseconds, and the caller that cannot wait uses the built-in table meanwhile.
export { parseLanguageConfiguration } from '../core/comments/languageConfigurationFile';
