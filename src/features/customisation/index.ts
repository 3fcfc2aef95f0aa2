// Prompt templates and generation options: the reset command (its implementation is a lazy bundle). Reading
// and checking the settings is CustomisationService (src/platform/customisation.ts), which features ask.
import * as vscode from 'vscode';
import { Commands } from '../../platform/commands';
import { lazyBundle } from '../../platform/lazy';
import type { HearthServices } from '../../platform/services';
import type * as CustomisationBundle from '../../lazy/customisation';

const bundle = lazyBundle<typeof CustomisationBundle>('customisation');

export function register(services: HearthServices): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.resetCustomisation, () => bundle().resetCustomisation(services));
}
