import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import type { HqTestResult, ItSettingsView } from '../../src-shared/contract/settings';
import { LOG_LEVEL_NAMES } from '../../src-shared/domain/log-levels';
import { formatLocalDateTime } from '../../src-shared/domain/time';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';

interface Form {
  hqUrl: string;
  printerTarget: string;
  printerType: ItSettingsView['printerType'];
  paperWidth: ItSettingsView['paperWidth'];
  receiptLanguage: ItSettingsView['receiptLanguage'];
  logLevel: string;
  updateChannel: string;
}

function formOf(s: ItSettingsView): Form {
  return {
    hqUrl: s.hqUrlNextStart ?? s.hqUrl,
    printerTarget: s.printerTarget,
    printerType: s.printerType,
    paperWidth: s.paperWidth,
    receiptLanguage: s.receiptLanguage,
    logLevel: s.logLevel,
    updateChannel: s.update.channel,
  };
}

const READ_ONLY = { overflowWrap: 'anywhere' } as const;

/**
 * F9 (supervisor only, issue 17 item 7): HQ address and a connectivity test, printer, paper, receipt language,
 * the store's time zone, log level, app version and update channel, the data folder. Keyboard: Tab between
 * fields, Enter saves, Alt+T tests the HQ connection, Esc discards unsaved changes.
 */
export function ItSettingsScreen() {
  const { t } = useTranslation('settings');
  const client = useClient();
  const [settings, setSettings] = useState<ItSettingsView | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [refused, setRefused] = useState<AppErrorShape | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [test, setTest] = useState<HqTestResult | 'running' | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    client
      .call('settings.get', {})
      .then((r) => {
        setSettings(r.settings);
        setForm(formOf(r.settings));
      })
      .catch((e: unknown) => setRefused(toErrorShape(e)));
  }, [client]);

  useEffect(() => {
    if (form) firstField.current?.focus();
    // focus once, when the form first appears
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form === null]);

  // the field an error names gets the focus
  useEffect(() => {
    if (!error?.field) return;
    const el = formRef.current?.querySelector<HTMLElement>(`[name="${error.field}"]`);
    el?.focus();
  }, [error]);

  const runTest = useCallback(async () => {
    if (!form) return;
    setTest('running');
    setError(null);
    try {
      setTest(await client.call('settings.testHq', { hqUrl: form.hqUrl }));
    } catch (e) {
      setTest(null);
      setError(toErrorShape(e));
    }
  }, [client, form]);

  async function save() {
    if (!form || !settings) return;
    const before = formOf(settings);
    const patch: Record<string, unknown> = {};
    for (const k of Object.keys(form) as (keyof Form)[]) if (form[k] !== before[k]) patch[k] = form[k];
    setError(null);
    setNotice(null);
    try {
      const r = await client.call('settings.update', patch);
      setSettings(r.settings);
      setForm(formOf(r.settings));
      setNotice(r.nextStart.length > 0 ? t('savedNextStart') : t('saved'));
    } catch (e) {
      setError(toErrorShape(e));
    }
  }

  if (refused) {
    return (
      <section className="screen it-settings" data-testid="it-settings-screen">
        <h1>{t('title')}</h1>
        <div className="error-banner" role="alert" data-testid="it-settings-refused" data-code={refused.code}>
          {refused.code === 'FORBIDDEN' ? t('notSupervisor') : t(refused.messageKey, { ...(refused.params ?? {}) })}
        </div>
      </section>
    );
  }
  if (!settings || !form) return <section className="screen it-settings" data-testid="it-settings-screen" />;

  const invalid = (name: string) => (error?.field === name ? { 'aria-invalid': true as const } : {});
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const up = settings.update;
  return (
    <section className="screen it-settings" data-testid="it-settings-screen">
      <div style={{ display: 'flex', alignItems: 'center', gap: '1rem', flexWrap: 'wrap' }}>
        <h1 style={{ margin: 0 }}>{t('title')}</h1>
        <button type="submit" form="it-settings-form" className="primary" data-testid="it-save">
          {t('save')} <kbd>Enter</kbd>
        </button>
        {notice && (
          <span className="pill ok" role="status" data-testid="it-settings-notice">
            {notice}
          </span>
        )}
      </div>
      <p className="muted small">
        {t('supervisorOnly')} · {t('keys')}
      </p>
      <ErrorMessage error={error} testId="it-settings-error" />
      <form
        ref={formRef}
        id="it-settings-form"
        data-testid="it-settings-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.altKey && (e.key === 't' || e.key === 'T')) {
            e.preventDefault();
            void runTest();
          } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT') {
            // a select does not submit its form on Enter by itself
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setForm(formOf(settings));
            setError(null);
          }
        }}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 400px), 1fr))', gap: '1rem 1.5rem', alignItems: 'start' }}
      >
        <fieldset className="quote">
          <legend>{t('section.hq')}</legend>
          <label className="field">
            <span>{t('hqUrl')}</span>
            <input ref={firstField} name="hqUrl" data-testid="it-hq-url" value={form.hqUrl} maxLength={200} spellCheck={false} onChange={(e) => set('hqUrl', e.target.value)} {...invalid('hqUrl')} />
            <span className="small">{t('hqUrlHint')}</span>
          </label>
          {settings.hqEmbedded && <p className="muted small" data-testid="it-hq-embedded">{t('hqEmbedded')}</p>}
          {settings.hqUrlNextStart && <p className="small" data-testid="it-hq-next-start">{t('hqNextStart', { url: settings.hqUrlNextStart })}</p>}
          <button type="button" data-testid="it-test-hq" onClick={() => void runTest()} disabled={test === 'running'}>
            {test === 'running' ? t('testing') : t('testHq')} <kbd>Alt+T</kbd>
          </button>
          {test && test !== 'running' && (
            <p className={`pill ${test.ok ? 'ok' : 'bad'}`} role="status" data-testid="it-hq-test" data-ok={String(test.ok)} data-problem={test.problem ?? ''} style={{ display: 'block', marginTop: '0.5rem', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
              {test.ok ? t('hqTest.ok', { ms: test.ms }) : t(`hqTest.problem.${test.problem ?? 'unreachable'}`, { url: test.url })}
            </p>
          )}
        </fieldset>

        <fieldset className="quote">
          <legend>{t('section.printer')}</legend>
          <label className="field">
            <span>{t('printerTarget')}</span>
            <input name="printerTarget" data-testid="it-printer" value={form.printerTarget} maxLength={256} spellCheck={false} onChange={(e) => set('printerTarget', e.target.value)} {...invalid('printerTarget')} />
          </label>
          <label className="field">
            <span>{t('printerType')}</span>
            <select name="printerType" data-testid="it-printer-type" value={form.printerType} onChange={(e) => set('printerType', e.target.value === 'star' ? 'star' : 'epson')}>
              <option value="epson">Epson (ESC/POS)</option>
              <option value="star">Star</option>
            </select>
          </label>
          <label className="field">
            <span>{t('paperWidth')}</span>
            <select name="paperWidth" data-testid="it-paper" value={form.paperWidth} onChange={(e) => set('paperWidth', Number(e.target.value) === 58 ? 58 : 80)}>
              <option value={80}>{t('paper80')}</option>
              <option value={58}>{t('paper58')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('receiptLanguage')}</span>
            <select name="receiptLanguage" data-testid="it-receipt-language" value={form.receiptLanguage} onChange={(e) => set('receiptLanguage', e.target.value as Form['receiptLanguage'])}>
              {(['zh-CN', 'en', 'bilingual'] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`lang.${l}`)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>

        <fieldset className="quote">
          <legend>{t('section.system')}</legend>
          <div className="field">
            <span>{t('timeZone')}</span>
            <strong data-testid="it-time-zone">{settings.timeZone ?? t('timeZoneUnknown')}</strong>
          </div>
          <label className="field">
            <span>{t('logLevel')}</span>
            <select name="logLevel" data-testid="it-log-level" value={form.logLevel} onChange={(e) => set('logLevel', e.target.value)} {...invalid('logLevel')}>
              {LOG_LEVEL_NAMES.map((l) => (
                <option key={l} value={l}>
                  {t(`logLevels.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="field">
            <span>{t('dataDir')}</span>
            <code data-testid="it-data-dir" style={READ_ONLY}>
              {settings.dataDir}
            </code>
          </div>
          <p className="muted small" style={READ_ONLY}>
            {t('settingsFile', { file: settings.settingsFile })}
          </p>
          {settings.envOverrides.length > 0 && (
            <p className="small" data-testid="it-env-note" style={{ borderLeft: '4px solid var(--warn)', color: '#fef08a', padding: '0.25rem 0.75rem', margin: '0.5rem 0 0', overflowWrap: 'anywhere' }}>
              {t('envOverride', { names: settings.envOverrides.join(', ') })}
            </p>
          )}
        </fieldset>

        <fieldset className="quote">
          <legend>{t('section.update')}</legend>
          <div className="field">
            <span>{t('appVersion')}</span>
            <strong data-testid="it-app-version">{settings.appVersion}</strong>
          </div>
          <label className="field">
            <span>{t('updateChannel')}</span>
            <input name="updateChannel" data-testid="it-update-channel" value={form.updateChannel} maxLength={32} spellCheck={false} onChange={(e) => set('updateChannel', e.target.value)} {...invalid('updateChannel')} />
            <span className="small">{t('updateChannelHint')}</span>
          </label>
          <p className="small" data-testid="it-update-state" style={READ_ONLY}>
            {!up.enabled && up.offReason ? t(up.offReason) : up.downloadedVersion ? t('update.downloaded', { version: up.downloadedVersion }) : t('update.none')}
            {up.waiting ? ` ${t(up.waiting)}` : ''}
          </p>
          {up.feedUrl && (
            <p className="muted small" style={READ_ONLY}>
              {t('update.feed', { url: up.feedUrl })}
            </p>
          )}
          {up.lastCheckAt && <p className="muted small">{t('update.lastCheck', { time: formatLocalDateTime(new Date(up.lastCheckAt)) })}</p>}
          {up.lastError && <p className="small">{t('update.lastError', { error: up.lastError })}</p>}
        </fieldset>

      </form>
    </section>
  );
}
