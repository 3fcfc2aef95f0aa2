// The summarize bundle, loaded at the first Summarize command: the command (planning, the map-reduce run,
// the summary document) and the actions on a finished summary.
export { summarize } from '../features/summarize/command';
export { copySummary, insertSummaryAsComment, openSummaryInChat } from '../features/summarize/actions';
