// The walkthrough bundle, loaded when a Get Started step opens its first sample.
export { openSample, SampleFiles } from '../features/walkthrough/samples';
