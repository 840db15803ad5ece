import { describe, expect, it } from 'vitest';
import { renderSarif, serializeSarif } from '../../../src/report/sarif.js';
import { generateFindings, generateReport } from '../../support/generate-findings.js';

/**
 * renderSarif measures each file's size on its serialised text and hands that text to the first serializeSarif of the
 * file (issue 11 item 6: a large SARIF is serialised once, not twice). It must be exactly the text serializeSarif
 * would write, and only once: a later serialisation sees the file as it is then.
 */
describe('serializeSarif after renderSarif', () => {
  it('writes the measured text, which is the file serialised, then serialises afresh', () => {
    const report = generateReport(generateFindings(300, { seed: 7, overlap: 0.5 }));
    const { files } = renderSarif(report, { limits: { gzipBytesPerFile: 5_000_000 } });
    const file = files[0]!;
    const expected = `${JSON.stringify(file, null, 2)}\n`;
    expect(serializeSarif(file)).toBe(expected);
    file.runs[0]!.automationDetails = { id: 'changed/' };
    expect(serializeSarif(file)).toBe(`${JSON.stringify(file, null, 2)}\n`);
    expect(serializeSarif(file)).not.toBe(expected);
  });
});
