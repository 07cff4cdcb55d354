import { z } from 'zod';
import { FileSchema, UploadSchema } from '../../presenters/file';
import { defineRoute } from '../../route';
import { abortUpload, completeUpload, createUpload, presignParts } from './handlers';
import { CompleteBody, CreateUploadBody, PartsBody, UploadParams } from './schema';

const tags = ['Files'];

export const uploadRoutes = [
  defineRoute({
    operationId: 'createUpload',
    method: 'post',
    path: '/v1/uploads',
    summary: 'Reserve quota and get a presigned upload (single PUT, or multipart above the threshold)',
    tags,
    auth: true,
    body: CreateUploadBody,
    responses: {
      201: {
        description: 'Pending file and how to upload it',
        schema: z.object({ file: FileSchema, upload: UploadSchema }),
      },
      403: { description: 'quota_exceeded: it would not fit' },
      409: { description: 'conflict: the name is taken in that folder' },
      413: { description: 'payload_too_large: over the plan’s max file size' },
    },
    handler: createUpload,
  }),
  defineRoute({
    operationId: 'presignUploadParts',
    method: 'post',
    path: '/v1/uploads/{fileId}/parts',
    summary: 'Presigned URLs for parts of a multipart upload',
    tags,
    auth: true,
    params: UploadParams,
    body: PartsBody,
    responses: {
      200: {
        description: 'One URL per part',
        schema: z.object({ parts: z.array(z.object({ partNumber: z.number().int(), url: z.url() })) }),
      },
    },
    handler: presignParts,
  }),
  defineRoute({
    operationId: 'completeUpload',
    method: 'post',
    path: '/v1/uploads/{fileId}/complete',
    summary:
      'Finish an upload (with the part list for multipart); answers once the file is verified; idempotent',
    tags,
    auth: true,
    params: UploadParams,
    body: CompleteBody,
    responses: {
      200: { description: 'The ready file', schema: z.object({ file: FileSchema }) },
      409: { description: 'conflict: the object has not arrived, or the upload failed verification' },
    },
    handler: completeUpload,
  }),
  defineRoute({
    operationId: 'abortUpload',
    method: 'delete',
    path: '/v1/uploads/{fileId}',
    summary: 'Abort an upload; storage is cleaned and the reservation released',
    tags,
    auth: true,
    params: UploadParams,
    responses: { 204: { description: 'Aborted' } },
    handler: abortUpload,
  }),
];
