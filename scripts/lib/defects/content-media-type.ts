// capi/content-media-type: every key of a `content` map must be a media type or range
// (`type/subtype`, parameters allowed): clients and mocks read it as one. Prism 5.16 parses each
// documented response media type while it answers, and a key that is none (`code:` put under
// `content`, say) throws outside its promise chain: that request is never answered.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAM = `\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`;
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:${PARAM})*\\s*$`);

const isMediaType = (key: string): boolean => MEDIA_TYPE.test(key);

export const kind: DefectKind = {
  id: 'capi/content-media-type',
  severity: 'error',
  stage: 'lint',
  docs: 'A key of a `content` map that is no media type (`code:` put under `content`): clients and mocks cannot use it, and Prism never answers a request whose response documents it. The action removes the key; a media type whose parameters are malformed (`text/plain; utf-8`) keeps its media object under the bare type.',
  visitor: () => ({
    MediaTypesMap: {
      enter(map, ctx) {
        if (!map || typeof map !== 'object') return;
        for (const key of Object.keys(map)) {
          if (isMediaType(key)) continue;
          ctx.report({
            message: `\`${key}\` under \`content\` is no media type (type/subtype): clients and mocks cannot use it (Prism never answers a request whose response documents it).`,
            location: ctx.location.child([key]).key(),
          });
        }
      },
    },
  }),
  fix(findings, ctx) {
    const { doc } = ctx;
    for (const f of findings) {
      const segs = typedPath(doc, parsePointer(f.pointer ?? ''));
      const key = String(segs.at(-1));
      // `text/plain; utf-8`: a media type whose parameters are malformed keeps its media object
      // under the bare type (when the map has none yet); anything else (`code:`) is removed
      const bare = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*;/.exec(key)?.[1];
      const map = getAt(doc, segs.slice(0, -1));
      if (bare && map !== null && typeof map === 'object' && !Object.hasOwn(map, bare)) {
        ctx.push(f, {
          target: jsonPathOf(segs.slice(0, -1)),
          description: `Upstream's media type \`${key}\` (${ctx.where(f)}) has malformed parameters: its media object is kept as \`${bare}\` (step 1 of 2).`,
          update: { [bare]: getAt(doc, segs) },
        });
      }
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: bare
          ? `Upstream's media type \`${key}\` (${ctx.where(f)}) has malformed parameters, which no client or mock can match; removed${Object.hasOwn(map ?? {}, bare) ? ` (\`${bare}\` is documented already)` : ' (step 2 of 2)'}.`
          : `Upstream puts \`${key}\` under \`content\` (${ctx.where(f)}), which is no media type: nothing can be sent or answered as it (Prism never answers a request whose response documents it); removed.`,
        remove: true,
      });
    }
    return undefined;
  },
};
