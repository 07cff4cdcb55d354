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
    writeLimit: 'uploads',
    body: CreateUploadBody,
    responses: {
      201: {
        description: 'Pending file and how to upload it',
        schema: z.object({ file: FileSchema, upload: UploadSchema }),
      },
    },
    errors: [
      'forbidden',
      'quota_exceeded',
      'account_over_quota',
      'payload_too_large',
      'object_too_large',
      'name_taken',
      'folder_not_found',
      'no_default_plan',
    ],
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
    errors: ['forbidden', 'file_not_found', 'not_uploading', 'upload_not_multipart'],
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
      409: {
        description:
          '`upload_not_arrived`: PUT the object (or its parts) first, then retry; ' +
          '`upload_verification_failed` or `upload_closed`: give up and start a new upload; ' +
          '`upload_not_multipart`: parts were sent for a single-PUT upload',
      },
    },
    errors: [
      'forbidden',
      'file_not_found',
      'upload_not_arrived',
      'upload_verification_failed',
      'upload_closed',
      'upload_not_multipart',
    ],
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
    errors: ['forbidden', 'file_not_found', 'not_uploading'],
    handler: abortUpload,
  }),
];
