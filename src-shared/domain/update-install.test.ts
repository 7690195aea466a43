import fc from 'fast-check';
import { expect, it } from 'vitest';
import { installDecision, type InstallSituation } from './update-install';

const quiet: InstallSituation = { downloadedVersion: '1.1.0', moment: 'signOut', signedInSessions: 0, openPayments: 0, printing: 0 };

it('installs at sign-out or start when nothing is open', () => {
  expect(installDecision(quiet)).toEqual({ install: true, version: '1.1.0' });
  expect(installDecision({ ...quiet, moment: 'start' })).toEqual({ install: true, version: '1.1.0' });
});

it('never during an open sale: a clerk signed in, a code payment or refund open, a receipt printing', () => {
  expect(installDecision({ ...quiet, signedInSessions: 1 })).toEqual({ install: false, reason: 'clerkSignedIn' });
  expect(installDecision({ ...quiet, openPayments: 1 })).toEqual({ install: false, reason: 'paymentOpen' });
  expect(installDecision({ ...quiet, printing: 1 })).toEqual({ install: false, reason: 'printing' });
  expect(installDecision({ ...quiet, moment: 'downloaded' })).toEqual({ install: false, reason: 'notAnInstallMoment' });
  expect(installDecision({ ...quiet, downloadedVersion: null })).toEqual({ install: false, reason: 'nothingDownloaded' });
});

it('property: an install only ever happens with nobody signed in, nothing open, at sign-out or start', () => {
  fc.assert(
    fc.property(
      fc.record({
        downloadedVersion: fc.option(fc.constantFrom('1.0.1', '2.0.0'), { nil: null }),
        moment: fc.constantFrom('signOut', 'start', 'downloaded') as fc.Arbitrary<InstallSituation['moment']>,
        signedInSessions: fc.nat(3),
        openPayments: fc.nat(3),
        printing: fc.nat(2),
      }),
      (s) => {
        const d = installDecision(s);
        const allowed = s.downloadedVersion !== null && s.moment !== 'downloaded' && s.signedInSessions === 0 && s.openPayments === 0 && s.printing === 0;
        expect(d.install).toBe(allowed);
      },
    ),
  );
});
