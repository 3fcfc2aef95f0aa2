// Comments in source text: the syntax of a language and a scanner that finds comments while skipping strings.
export * from './types';
export { builtinCommentSyntax, builtinLanguages } from './table';
export { scanComments } from './scanner';
export { resolveCommentSyntax, type ConfiguredComments } from './languageConfiguration';
export { groupComments, type CommentGroup } from './groups';
export { renderAsComment } from './render';
