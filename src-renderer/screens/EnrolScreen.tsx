import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolResult } from '../../src-shared/contract/enrol';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { parseEnrolmentQr } from '../../src-shared/domain/enrolment-code';
import { useClient } from '../ClientContext';
import { toErrorShape } from '../client/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { LanguageSwitch } from '../components/LanguageSwitch';

/**
 * A store build that is not joined to HQ yet (issue 17): IT types the one-time enrolment code HQ issued and
 * HQ's address, or scans the enrolment QR code (a keyboard-wedge scanner types its payload into the focused
 * field: both fields are filled from it). Keyboard only: the address field has focus, Tab moves on, Enter enrols.
 */
export function EnrolScreen({ onEnrolled }: { onEnrolled: (r: EnrolResult) => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const [hqUrl, setHqUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const hqRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // a scanned QR payload in either field fills both
  const take = (value: string, set: (v: string) => void) => {
    const qr = parseEnrolmentQr(value);
    if (qr) {
      setHqUrl(qr.hqUrl);
      setCode(qr.code);
      codeRef.current?.focus();
    } else set(value);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onEnrolled(await client.call('enrol.submit', { hqUrl, code }));
    } catch (err) {
      const shape = toErrorShape(err);
      setError(shape);
      (shape.field === 'hqUrl' ? hqRef : codeRef).current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="fatal restore enrol" data-testid="enrol-screen">
      <LanguageSwitch />
      <h1>{t('enrol:title')}</h1>
      <p>{t('enrol:intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label className="field">
          {t('enrol:hqUrl')}
          <input
            ref={hqRef}
            data-testid="enrol-hq-url"
            autoFocus
            value={hqUrl}
            onChange={(e) => take(e.target.value, setHqUrl)}
            placeholder={t('enrol:hqUrlHint')}
            autoComplete="off"
            spellCheck={false}
            inputMode="url"
            aria-invalid={error?.field === 'hqUrl'}
          />
        </label>
        <label className="field">
          {t('enrol:code')}
          <input
            ref={codeRef}
            data-testid="enrol-code"
            value={code}
            onChange={(e) => take(e.target.value, setCode)}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={error?.field === 'code'}
            aria-describedby="enrol-code-hint"
          />
          <span id="enrol-code-hint" className="small muted">{t('enrol:codeHint')}</span>
        </label>
        <p className="small muted">{t('enrol:scanHint')} {t('enrol:keyboard')}</p>
        <button type="submit" className="primary" data-testid="enrol-submit" disabled={busy}>
          {busy ? t('enrol:working') : t('enrol:submit')}
        </button>
      </form>
      <ErrorMessage error={error} testId="enrol-error" />
    </main>
  );
}

/** Shown on the sign-in screen right after enrolment: which terminal this is now and where numbering goes on. */
export function EnrolDone({ result }: { result: EnrolResult }) {
  const { t } = useTranslation();
  return (
    <div className="enrol-done" role="status" data-testid="enrol-done">
      <strong>{t('enrol:done', { store: `${result.storeCode} ${result.storeName}`, terminal: result.terminalCode })}</strong>
      {result.reenrolled && <span> {t('enrol:continues', { next: result.lastReceiptSeq + 1 })}</span>}
      <span className="small"> {t(`enrol:protection.${result.protection}`)}</span>
    </div>
  );
}
