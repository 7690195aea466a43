import type { HandlersOf, settingsMethods } from '../../src-shared/contract';
import type { ItSettings } from '../services/it-settings';

/** The IT settings screen: a signed-in supervisor (dispatch checks the role). */
export function settingsHandlers(settings: ItSettings): HandlersOf<typeof settingsMethods> {
  return {
    'settings.get': async () => ({ settings: settings.view() }),
    'settings.update': async (input, call) => settings.update(input, call.clerk.clerkId),
    'settings.testHq': async (input) => settings.testHq(input),
    'settings.checkUpdates': async () => ({ update: await settings.checkUpdates() }),
  };
}
