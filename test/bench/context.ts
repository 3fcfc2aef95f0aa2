// What every benchmark section receives.
export interface BenchContext {
  root: string;
  quick: boolean;
}
