// Every key of a `content` map must be a media type or range (`type/subtype`, parameters
// allowed): clients and mocks read it as one. Prism 5.16 parses each documented response media
// type while it answers, and a key that is none (`code:` put under `content`, say) throws outside
// its promise chain: that request is never answered. An overlay action removes such a key.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAM = `\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")`;
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:${PARAM})*\\s*$`);

export const isMediaType = (key) => MEDIA_TYPE.test(key);

export default function contentMediaType() {
  return {
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
  };
}
