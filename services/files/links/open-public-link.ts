import type { FilesDeps } from '../deps';
import { presignFileDownload } from '../presign-file-download';
import { LINK_ERRORS } from './errors';
import { linkPasswordHasher } from './link-passwords';
import { linkStore } from './link-store';
import { hashLinkToken, looksLikeLinkToken } from './link-token';

export interface OpenedLink {
  name: string;
  size: number;
  contentType: string;
  url: string;
  expiresAt: Date;
}

/**
 * What a link holder gets: the file's name and a short-lived presigned GET of
 * its current version, counted as one download. No account is involved: the
 * token (and the password, if the link has one) is the credential. Every
 * refusal is the same link_not_found, so nothing about a link can be probed.
 */
export async function openPublicLink(props: {
  deps: FilesDeps;
  token: string;
  password?: string;
}): Promise<OpenedLink> {
  const { deps, token, password } = props;
  if (!looksLikeLinkToken(token)) throw LINK_ERRORS.linkNotFound();
  const link = await linkStore.findOpenable(deps.db, hashLinkToken(token));
  if (!link) throw LINK_ERRORS.linkNotFound();
  if (link.password_hash !== null) {
    const matches =
      password !== undefined &&
      (await linkPasswordHasher(deps.settings.bcryptCost).verify(password, link.password_hash));
    if (!matches) throw LINK_ERRORS.linkNotFound();
  }
  // Counted before the URL is handed out, atomically: the last download of a
  // limited link goes to exactly one holder.
  if (!(await linkStore.countDownload(deps.db, link.id))) throw LINK_ERRORS.linkNotFound();
  const presigned = await presignFileDownload(
    deps,
    { ...link, id: link.file_id },
    deps.settings.linkUrlTtlSeconds,
  );
  return {
    name: link.name,
    size: Number(link.size),
    contentType: link.content_type,
    url: presigned.url,
    expiresAt: presigned.expiresAt,
  };
}
