// Summaries of any length: planning within the context budget, and the map-reduce run.
export * from './plan';
export * from './run';
