import { describe, expect, it } from 'vitest';
import {
  isKnownLicenseId,
  LicenseList,
  normaliseLicenseExpression,
  normaliseLicenseId,
  parseLicenseExpression,
} from '../../../src/core/license.js';

describe('SPDX license expressions', () => {
  it.each([
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['GPL-2+', 'GPL-2.0-or-later'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'],
    ['AGPL-3.0', 'AGPL-3.0-only'],
    ['mit', 'MIT'],
    ['apache-2.0', 'Apache-2.0'],
    ['LicenseRef-acme', 'LicenseRef-acme'],
    ['public domain', 'public domain'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseLicenseExpression(raw)).toBe(expected);
  });

  it('reads compound expressions with AND binding tighter than OR, in any case', () => {
    expect(normaliseLicenseExpression('gpl-2.0 or mit and bsd-3-clause')).toBe(
      'GPL-2.0-only OR MIT AND BSD-3-Clause',
    );
    expect(normaliseLicenseExpression('(MIT OR Apache-2.0) AND GPL-3.0')).toBe(
      '(MIT OR Apache-2.0) AND GPL-3.0-only',
    );
    expect(normaliseLicenseExpression('GPL-2.0-only WITH Classpath-exception-2.0')).toBe(
      'GPL-2.0-only WITH Classpath-exception-2.0',
    );
    expect(parseLicenseExpression('MIT OR')).toEqual({ type: 'license', id: 'MIT OR' });
  });

  it('knows SPDX ids, deprecated ones and LicenseRefs, and not typos', () => {
    expect(isKnownLicenseId('GPL-2.0-only')).toBe(true);
    expect(isKnownLicenseId('gpl-2.0')).toBe(true);
    expect(isKnownLicenseId('LicenseRef-internal')).toBe(true);
    expect(isKnownLicenseId('GLP-2.0')).toBe(false);
    expect(normaliseLicenseId('GLP-2.0')).toBe('GLP-2.0');
    expect(normaliseLicenseId('GPL2')).toBe('GPL-2.0-only');
  });

  describe('allow and deny lists on compound expressions', () => {
    const deny = new LicenseList(['GPL-3.0-only', 'AGPL-3.0']);
    const allow = new LicenseList(['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0']);
    const denied = (text: string) => deny.coversEveryChoice(parseLicenseExpression(text));
    const allowed = (text: string) => allow.coversSomeChoice(parseLicenseExpression(text));

    it('denies AND when either side is denied, OR only when both are (the other can be chosen)', () => {
      expect(denied('GPL-3.0')).toBe(true);
      expect(denied('MIT AND GPL-3.0-only')).toBe(true);
      expect(denied('MIT OR GPL-3.0-only')).toBe(false);
      expect(denied('AGPL-3.0-only OR GPL-3.0-only')).toBe(true);
      expect(denied('GPL-3.0-only WITH GCC-exception-3.1')).toBe(true);
    });

    it('denies an or-later license when every version it may be taken under is denied (GPL-3.0+, AGPL-3.0-or-later)', () => {
      expect(denied('GPL-3.0-or-later')).toBe(true);
      expect(denied('GPL-3.0+')).toBe(true);
      expect(denied('AGPL-3.0-or-later')).toBe(true);
      expect(denied('MIT AND GPL-3.0-or-later WITH GCC-exception-3.1')).toBe(true);
      // GPL-2.0-or-later may be taken under GPL-2.0, which is not denied.
      expect(denied('GPL-2.0-or-later')).toBe(false);
      expect(
        new LicenseList(['GPL-2.0-only', 'GPL-3.0-only']).coversEveryChoice(parseLicenseExpression('GPL-2+')),
      ).toBe(true);
      expect(new LicenseList(['LGPL-2.1-only']).coversEveryChoice(parseLicenseExpression('LGPL-2.1+'))).toBe(
        false,
      );
    });

    it('denies a text that is no expression when any id in it is denied, and a denied id after WITH', () => {
      expect(denied('GPL-3.0-only, MIT')).toBe(true);
      expect(denied('GPL-3.0-only/MIT')).toBe(true);
      expect(denied('GPL-3.0-only AND')).toBe(true);
      expect(denied('(GPL-3.0-only')).toBe(true);
      expect(denied('GPL-3+; MIT')).toBe(true);
      expect(denied('MIT WITH GPL-3.0-only')).toBe(true);
      expect(denied('MIT, BSD-3-Clause')).toBe(false);
      expect(denied('public domain')).toBe(false);
      expect(denied('MIT WITH Classpath-exception-2.0')).toBe(false);
    });

    it('allows OR when either side is allowed, AND only when both are', () => {
      expect(allowed('MIT OR GPL-3.0-only')).toBe(true);
      expect(allowed('MIT AND GPL-3.0-only')).toBe(false);
      expect(allowed('MIT AND Apache-2.0')).toBe(true);
      expect(allowed('GPL-2.0 WITH Classpath-exception-2.0')).toBe(true);
      expect(allowed('GPL-2.0-only')).toBe(false);
      expect(allowed('public domain')).toBe(false);
    });
  });
});
