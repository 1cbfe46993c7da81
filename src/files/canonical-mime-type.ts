// Kaleyra's tables name one spelling per format, but callers (and some OSes) use historical
// aliases. Comparing canonical forms lets image/jpg pass where image/jpeg is listed without
// widening any allow-list.
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'application/x-pdf': 'application/pdf',
  'video/3gp': 'video/3gpp',
};

/** Lower-cases, drops parameters (`; codecs=opus`) and folds known aliases. */
export function canonicalMimeType(type: string): string {
  const bare = type.split(';', 1)[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

/**
 * Types that say nothing about the content. A File from a drag-and-drop or a generic upload
 * widget often carries one of these; treating them as "not declared" lets sniffing decide.
 */
export function isGenericMimeType(type: string | undefined): boolean {
  if (type === undefined) return true;
  const bare = canonicalMimeType(type);
  return bare === '' || bare === 'application/octet-stream' || bare === 'binary/octet-stream';
}
