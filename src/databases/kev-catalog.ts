import { z } from 'zod';
import type { KevCatalog } from '../core/kev.js';
import { errorMessage, oneLine, UsageError } from '../util/errors.js';

/**
 * CISA's Known Exploited Vulnerabilities JSON feed (cisagov/kev-data known_exploited_vulnerabilities_schema.json
 * @ d98075f2): `catalogVersion`, `dateReleased`, `count` and `vulnerabilities` are required, and each entry's
 * first eight fields. Only `cveID` is used; the rest is checked so that a file that is not the feed (an HTML error
 * page saved as .json, another list) is refused instead of matching nothing — an empty catalog would be a silent
 * pass. Values are trimmed: the feed has stray spaces (`"vendorProject": "SimpleHelp "`).
 */
const text = z.string().trim();
const entry = z.looseObject({
  cveID: text.regex(/^CVE-[0-9]{4}-[0-9]{4,19}$/, 'not a CVE id (CVE-YYYY-NNNN)'),
  vendorProject: text,
  product: text,
  vulnerabilityName: text,
  dateAdded: text.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date YYYY-MM-DD'),
  shortDescription: text,
  requiredAction: text,
  dueDate: text.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date YYYY-MM-DD'),
  knownRansomwareCampaignUse: text.optional(),
  notes: text.optional(),
  cwes: z.array(text).optional(),
});
const feed = z.looseObject({
  catalogVersion: text.min(1),
  dateReleased: text.min(1),
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(entry),
});

export function parseKevCatalog(content: string, origin: string): KevCatalog {
  const fix = 'pass the JSON feed from https://www.cisa.gov/known-exploited-vulnerabilities-catalog';
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new UsageError(
      oneLine(`--kev-catalog ${origin}: not valid JSON (${errorMessage(error)}) — ${fix}`),
      { cause: error },
    );
  }
  const parsed = feed.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new UsageError(
      oneLine(
        `--kev-catalog ${origin}: not CISA's KEV feed (${path}: ${issue?.message ?? 'invalid'}) — ${fix}`,
      ),
    );
  }
  const { vulnerabilities, count, catalogVersion } = parsed.data;
  if (vulnerabilities.length !== count) {
    throw new UsageError(
      `--kev-catalog ${origin}: says it lists ${count} vulnerabilities but holds ${vulnerabilities.length} — the file is cut short or edited; download it again`,
    );
  }
  // CISA's catalog has listed hundreds of vulnerabilities since its first release (2021); one that lists none is a
  // broken mirror or a stub, and with it the kev rule would pass every finding no scanner marked.
  if (count === 0) {
    throw new UsageError(
      `--kev-catalog ${origin}: lists no vulnerabilities, so it would mark nothing known-exploited — ${fix}, or leave --kev-catalog out`,
    );
  }
  return {
    version: catalogVersion,
    origin,
    ids: new Set(vulnerabilities.map((v) => v.cveID.toUpperCase())),
  };
}
