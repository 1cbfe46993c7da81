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
    try {
      const url = new URL(media.link!);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    } catch {
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
