// The daemon's words that its report section shares with the status bar and the notifications. The section
// loads in the connection bundle; these stay in the main bundle and are handed to it.
import { partlyOnCpu } from '../../core/daemon';
import { cpuWarningText } from './gpuWarning';
import { binarySourceText, missingBinaryText, ownerText } from './messages';
import { modelsTable } from './statusBar';

export const daemonWords = { binarySourceText, missingBinaryText, ownerText, partlyOnCpu, cpuWarningText, modelsTable };

export type DaemonWords = typeof daemonWords;
