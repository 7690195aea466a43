/**
 * The IT settings screen's service (issue 17 item 7; dispatch lets only a signed-in supervisor call it): what
 * the terminal runs with, changes written to settings.json through config.ts (the printer, paper and receipt
 * language, log level and update channel apply at once; the HQ address at the next start), and the HQ
 * connectivity test.
 */
import { AppError } from '../../src-shared/contract/errors';
import type { HqTestResult, ItSettingsView } from '../../src-shared/contract/settings';
import type { z } from 'zod';
import type { ItSettingsPatch } from '../../src-shared/contract/settings';
import { readSettingsJson, writeSettings } from '../config';
import type { AppContext } from '../app-context';
import type { PrintService } from '../printing/print-service';
import type { UpdateService } from './updates';

export interface ItSettingsDeps {
  ctx: AppContext;
  printService: PrintService;
  updates: UpdateService;
  settingsFile: string;
  /** The HQ the app runs against, and whether it is the demo's embedded one. */
  hq: { url: string; token: string; embedded: boolean };
  appVersion: string;
  /** Environment at start (which variables win over settings.json). */
  env: NodeJS.ProcessEnv;
}

const ENV_OF: Record<string, string> = {
  hqUrl: 'COUNTER_HQ_URL',
  printerTarget: 'COUNTER_PRINTER',
  logLevel: 'COUNTER_LOG_LEVEL',
};

type Patch = z.output<typeof ItSettingsPatch>;

export function createItSettings(deps: ItSettingsDeps) {
  const { ctx } = deps;
  const envSet = (name: string) => (deps.env[name]?.trim() ?? '') !== '';

  function view(): ItSettingsView {
    const file = readSettingsJson(deps.settingsFile);
    const printer = deps.printService.settings();
    const fileHq = typeof file.hqUrl === 'string' ? file.hqUrl.replace(/\/+$/, '') : null;
    return {
      hqUrl: deps.hq.url,
      hqEmbedded: deps.hq.embedded,
      hqUrlNextStart: fileHq !== null && fileHq !== deps.hq.url && !envSet('COUNTER_HQ_URL') ? fileHq : null,
      printerTarget: printer.printerTarget,
      printerType: printer.printerType,
      paperWidth: printer.paperWidth,
      receiptLanguage: printer.receiptLanguage,
      timeZone: ctx.store()?.timeZone ?? null,
      logLevel: String(ctx.logger.level),
      appVersion: deps.appVersion,
      update: deps.updates.status(),
      dataDir: ctx.dataDir,
      settingsFile: deps.settingsFile,
      envOverrides: Object.values(ENV_OF).filter(envSet),
    };
  }

  return {
    view,

    /** Validated by the contract; printer keys are checked against the printer allow-list, then all are written at once. */
    update(patch: Patch, clerkId: string): { settings: ItSettingsView; nextStart: string[] } {
      const nextStart: string[] = [];
      const printerKeys = (['printerTarget', 'printerType', 'paperWidth', 'receiptLanguage'] as const).filter((k) => patch[k] !== undefined);
      if (patch.hqUrl !== undefined) {
        const url = patch.hqUrl.replace(/\/+$/, '');
        // settings.json's hqUrl needs the terminal's token beside it (config.ts refuses to start otherwise): a
        // terminal enrolled with a code, or on the demo's HQ, moves to another HQ by enrolling again
        const file = readSettingsJson(deps.settingsFile);
        if (url !== deps.hq.url && typeof file.hqToken !== 'string' && !envSet('COUNTER_HQ_TOKEN')) {
          throw new AppError({ code: 'INVALID_INPUT', messageKey: 'settings:errors.hqUrlNeedsToken', field: 'hqUrl' });
        }
        if (url !== deps.hq.url) nextStart.push('hqUrl');
        writeSettings(deps.settingsFile, { hqUrl: url });
      }
      if (printerKeys.length > 0) {
        deps.printService.applySettings(
          {
            ...(patch.printerTarget !== undefined ? { printerTarget: patch.printerTarget } : {}),
            ...(patch.printerType !== undefined ? { printerType: patch.printerType } : {}),
            ...(patch.paperWidth !== undefined ? { paperWidth: patch.paperWidth } : {}),
            ...(patch.receiptLanguage !== undefined ? { receiptLanguage: patch.receiptLanguage } : {}),
          },
          clerkId,
        );
      }
      if (patch.logLevel !== undefined) {
        writeSettings(deps.settingsFile, { logLevel: patch.logLevel });
        // the environment wins at every start; for now the running level follows the screen
        ctx.logger.level = patch.logLevel;
      }
      if (patch.updateChannel !== undefined) {
        writeSettings(deps.settingsFile, { updateChannel: patch.updateChannel });
        deps.updates.setChannel(patch.updateChannel);
      }
      const changed = Object.keys(patch);
      if (changed.length > 0) ctx.audit.record('settings.update', clerkId, { changed, nextStart, ...(patch.hqUrl ? { hqUrl: patch.hqUrl } : {}) });
      return { settings: view(), nextStart };
    },

    /** Is HQ there (`GET /healthz` answers as an HQ) and does it accept this terminal's token (`GET /v1/health`)? */
    async testHq(input: { hqUrl?: string | undefined }): Promise<HqTestResult> {
      const url = (input.hqUrl ?? deps.hq.url).replace(/\/+$/, '');
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      const fail = (problem: NonNullable<HqTestResult['problem']>, reachable = false, tokenAccepted: boolean | null = null, backend: string | null = null): HqTestResult => ({
        ok: false,
        reachable,
        tokenAccepted,
        problem,
        backend,
        ms: ms(),
        url,
      });
      let backend: string | null = null;
      try {
        const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(4000) });
        const body = (await r.json().catch(() => null)) as { ok?: unknown; backend?: unknown } | null;
        if (!r.ok || body?.ok !== true) return fail(r.status >= 500 ? 'hqError' : 'notHq');
        backend = typeof body.backend === 'string' ? body.backend : null;
      } catch (err) {
        return fail((err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
      }
      try {
        const r = await fetch(`${url}/v1/health`, { headers: { authorization: `Bearer ${deps.hq.token}` }, signal: AbortSignal.timeout(4000) });
        await r.arrayBuffer();
        if (r.status === 401 || r.status === 403) return fail('tokenRefused', true, false, backend);
        if (!r.ok) return fail('hqError', true, null, backend);
      } catch (err) {
        return fail((err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable', true, null, backend);
      }
      ctx.logger.info({ hq: url, ms: ms() }, 'HQ connectivity test ok');
      return { ok: true, reachable: true, tokenAccepted: true, problem: null, backend, ms: ms(), url };
    },

    async checkUpdates() {
      if (!deps.updates.status().enabled) throw new AppError({ code: 'CONFLICT', messageKey: 'settings:update.off.notElectron' });
      await deps.updates.checkNow();
      return deps.updates.status();
    },
  };
}
export type ItSettings = ReturnType<typeof createItSettings>;
