import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { ObjectRef as ObjectRefMessage, StorageService } from '../../proto/gen/storage/v1/storage_pb.js';
import { abortUpload } from './commands/abort-upload';
import { completeMultipartUpload } from './commands/complete-multipart-upload';
import { computeSha256 } from './commands/compute-sha256';
import { createUpload } from './commands/create-upload';
import { deleteObject } from './commands/delete-object';
import { deleteObjects } from './commands/delete-objects';
import { deleteUserObjects } from './commands/delete-user-objects';
import { listStoredVersions } from './commands/list-stored-versions';
import { presignDownload } from './commands/presign-download';
import { presignUploadParts } from './commands/presign-upload-parts';
import { statObject } from './commands/stat-object';
import type { StorageDeps } from './deps';
import type { ObjectRef } from '../internal/object-keys';

// gRPC <-> commands, nothing else.
export function createStorageHandlers(deps: StorageDeps): ServiceImpl<typeof StorageService> {
  return {
    async createUpload(request) {
      const upload = await createUpload({
        deps,
        object: toObjectRef(request.object),
        size: toSafeNumber(request.size),
        contentType: request.contentType,
        sha256Hex: request.sha256Hex || undefined,
        expiresInSeconds: request.expiresInSeconds,
      });
      const expiresAt = timestampFromDate(upload.expiresAt);
      if (upload.kind === 'put')
        return { upload: { case: 'put', value: { url: upload.url, headers: upload.headers } }, expiresAt };
      return {
        upload: {
          case: 'multipart',
          value: {
            uploadId: upload.uploadId,
            partSize: BigInt(upload.partSize),
            partCount: upload.partCount,
          },
        },
        expiresAt,
      };
    },
    async presignUploadParts(request) {
      const parts = await presignUploadParts({
        deps,
        object: toObjectRef(request.object),
        uploadId: request.uploadId,
        partNumbers: request.partNumbers,
        expiresInSeconds: request.expiresInSeconds,
        size: toSafeNumber(request.size),
        partSize: toSafeNumber(request.partSize),
      });
      return { parts };
    },
    async completeMultipartUpload(request) {
      return completeMultipartUpload({
        deps,
        object: toObjectRef(request.object),
        uploadId: request.uploadId,
        parts: request.parts.map((part) => ({ partNumber: part.partNumber, etag: part.etag })),
        size: toSafeNumber(request.size),
        partSize: toSafeNumber(request.partSize),
      });
    },
    async abortUpload(request) {
      await abortUpload({
        deps,
        object: toObjectRef(request.object),
        uploadId: request.uploadId || undefined,
      });
      return {};
    },
    async statObject(request) {
      const status = await statObject({ deps, object: toObjectRef(request.object) });
      return { ...status, size: BigInt(status.size) };
    },
    async computeSha256(request) {
      const result = await computeSha256({ deps, object: toObjectRef(request.object) });
      return { sha256Hex: result.sha256Hex, size: BigInt(result.size) };
    },
    async presignDownload(request) {
      const download = await presignDownload({
        deps,
        object: toObjectRef(request.object),
        fileName: request.fileName,
        contentType: request.contentType || undefined,
        expiresInSeconds: request.expiresInSeconds,
      });
      return { url: download.url, expiresAt: timestampFromDate(download.expiresAt) };
    },
    async deleteObject(request) {
      return { deletedVersions: await deleteObject({ deps, object: toObjectRef(request.object) }) };
    },
    async deleteObjects(request) {
      const objects = request.objects.map((object) => toObjectRef(object));
      return { deletedVersions: await deleteObjects({ deps, objects }) };
    },
    async listStoredVersions(request) {
      const page = await listStoredVersions({
        deps,
        userId: request.userId,
        pageToken: request.pageToken,
        pageSize: request.pageSize,
      });
      return {
        versions: page.versions.map((version) => ({ ...version, size: BigInt(version.size) })),
        nextPageToken: page.nextPageToken,
      };
    },
    async deleteUserObjects(request) {
      return deleteUserObjects({ deps, userId: request.userId });
    },
  };
}

// A missing ObjectRef reads as an empty one, which the commands reject field by field.
function toObjectRef(message: ObjectRefMessage | undefined): ObjectRef {
  return {
    userId: message?.userId ?? '',
    fileId: message?.fileId ?? '',
    version: message?.version ?? 0,
    attempt: message?.attempt ?? '',
  };
}

// Past 2^53 a size is beyond any S3 limit anyway; NaN makes the command reject it.
function toSafeNumber(value: bigint): number {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= 0n ? Number(value) : Number.NaN;
}
