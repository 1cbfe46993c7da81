import { KaleyraValidationError } from '../errors/validation-error.js';

/** A media file already uploaded (`id`) or on a public URL (`link`): exactly one of the two. */
export type V2MediaSource = { id: string; link?: never } | { link: string; id?: never };

/**
 * Checks the one-of-id-or-link rule (message media and template header media alike) and returns
 * only the member that is set, so nothing else the caller's object carries is sent.
 */
export function mediaSource(field: string, media: V2MediaSource): { id: string } | { link: string } {
  const hasId = media != null && typeof media.id === 'string' && media.id !== '';
  const hasLink = media != null && typeof media.link === 'string' && media.link !== '';
  if (hasId === hasLink) {
    throw new KaleyraValidationError({
      field,
      rule: 'id-or-link',
      message: 'give exactly one of id or link: the id of uploaded media, or a public URL',
    });
  }
  if (hasLink) {
    if (!isHttpUrl(media.link!)) {
      throw new KaleyraValidationError({
        field: `${field}.link`,
        rule: 'url',
        message: 'must be a public http(s) URL',
      });
    }
    return { link: media.link! };
  }
  return { id: media.id! };
}

const HTTP_PREFIX = /^https?:\/\//i;

/**
 * Whether `link` parses as an http or https URL. A link that starts with the scheme (nearly all)
 * is only checked to parse, with URL.canParse where the runtime has it (no URL object per send);
 * anything else (leading spaces, other schemes) goes through the full parse and protocol check.
 */
function isHttpUrl(link: string): boolean {
  if (HTTP_PREFIX.test(link) && typeof URL.canParse === 'function') return URL.canParse(link);
  try {
    const { protocol } = new URL(link);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
