import { z } from 'zod';
import { CreatedLinkSchema, LinkSchema, OpenedLinkSchema } from '../../presenters/link';
import { defineRoute } from '../../route';
import { createLink, listLinks, openPublicLink, revokeLink } from './handlers';
import {
  CreateLinkBody,
  FileLinksParams,
  LinkParams,
  PublicLinkBody,
  PublicLinkParams,
  PublicLinkQuery,
} from './schema';

const tags = ['Links'];
const fileNotFound = { 404: { description: '`file_not_found`: no such file for this user' } };
const forbidden = { 403: { description: '`forbidden`: only the owner manages links (a grantee)' } };
const linkGone = {
  description:
    '`link_not_found`: one answer for an unknown, revoked, expired or used-up link, a missing or wrong password, and a trashed or purged file',
};
const publicAnswers = {
  200: { description: 'With redirect=false', schema: OpenedLinkSchema },
  302: {
    description: 'To a short-lived presigned URL of the file (counted as one download)',
    headers: { Location: 'the presigned URL' },
  },
  404: linkGone,
  429: { description: '`rate_limited`: too many requests from this address or for this link' },
};
const publicSummary =
  'Open a public link (no account). Password in the X-Link-Password header or a password form field, never the query';

export const linkRoutes = [
  defineRoute({
    operationId: 'createLink',
    method: 'post',
    path: '/v1/files/{id}/links',
    summary: 'Create a public link to a file (owner only); the token is answered once',
    tags,
    auth: true,
    writeLimit: 'shares',
    params: FileLinksParams,
    body: CreateLinkBody,
    responses: {
      201: { description: 'The link with its URL', schema: CreatedLinkSchema },
      ...forbidden,
      ...fileNotFound,
    },
    errors: ['file_not_found', 'forbidden'],
    handler: createLink,
  }),
  defineRoute({
    operationId: 'listLinks',
    method: 'get',
    path: '/v1/files/{id}/links',
    summary: "A file's links, newest first, without tokens (owner only)",
    tags,
    auth: true,
    params: FileLinksParams,
    responses: {
      200: { description: 'Links', schema: z.object({ items: z.array(LinkSchema) }) },
      ...forbidden,
      ...fileNotFound,
    },
    errors: ['file_not_found', 'forbidden'],
    handler: listLinks,
  }),
  defineRoute({
    operationId: 'revokeLink',
    method: 'delete',
    path: '/v1/files/{id}/links/{linkId}',
    summary: 'Revoke a link (owner only); revoking it again answers the same',
    tags,
    auth: true,
    params: LinkParams,
    responses: {
      204: { description: 'Revoked' },
      ...forbidden,
      404: { description: '`file_not_found`, or `link_not_found`: not a link of this file' },
    },
    errors: ['file_not_found', 'forbidden', 'link_not_found'],
    handler: revokeLink,
  }),
  defineRoute({
    operationId: 'openPublicLink',
    method: 'get',
    path: '/v1/public/{token}',
    summary: publicSummary,
    tags,
    auth: false,
    params: PublicLinkParams,
    query: PublicLinkQuery,
    responses: publicAnswers,
    errors: ['link_not_found', 'rate_limited'],
    handler: openPublicLink,
  }),
  defineRoute({
    operationId: 'openPublicLinkWithPassword',
    method: 'post',
    path: '/v1/public/{token}',
    summary: `${publicSummary} (same answers as GET; a form field works from a plain HTML form)`,
    tags,
    auth: false,
    params: PublicLinkParams,
    query: PublicLinkQuery,
    body: PublicLinkBody,
    responses: publicAnswers,
    errors: ['link_not_found', 'rate_limited'],
    handler: openPublicLink,
  }),
];
