import { z } from 'zod';
import { FolderListSchema, FolderSchema } from '../../presenters/file';
import { defineRoute } from '../../route';
import { createFolder, getFolder, listFolders, trashFolder, updateFolder } from './handlers';
import { CreateFolderBody, FolderParams, ListFoldersQuery, UpdateFolderBody } from './schema';

const tags = ['Folders'];
const notFound = { 404: { description: '`folder_not_found`: no such folder for this user' } };

export const folderRoutes = [
  defineRoute({
    operationId: 'createFolder',
    method: 'post',
    path: '/v1/folders',
    summary: 'Create a folder (in parentId, or at the root)',
    tags,
    auth: true,
    writeLimit: 'folders',
    body: CreateFolderBody,
    responses: {
      201: { description: 'The folder', schema: FolderSchema },
      404: { description: '`folder_not_found`: the parent folder does not exist' },
    },
    errors: ['forbidden', 'folder_not_found', 'name_taken', 'folder_too_deep'],
    handler: createFolder,
  }),
  defineRoute({
    operationId: 'listFolders',
    method: 'get',
    path: '/v1/folders',
    summary:
      'The folders directly in parentId (default root), not trashed, with name search, sorting and cursor pagination',
    tags,
    auth: true,
    query: ListFoldersQuery,
    responses: {
      200: { description: 'A page of folders', schema: FolderListSchema },
      404: { description: '`folder_not_found`: the parent is not the caller’s nor shared with the caller' },
    },
    errors: ['invalid_cursor', 'folder_not_found'],
    handler: listFolders,
  }),
  defineRoute({
    operationId: 'getFolder',
    method: 'get',
    path: '/v1/folders/{id}',
    summary: 'Folder metadata (list its files with GET /v1/files?folderId=)',
    tags,
    auth: true,
    params: FolderParams,
    responses: { 200: { description: 'The folder', schema: FolderSchema }, ...notFound },
    errors: ['folder_not_found'],
    handler: getFolder,
  }),
  defineRoute({
    operationId: 'updateFolder',
    method: 'patch',
    path: '/v1/folders/{id}',
    summary: 'Rename or move (parentId null = root)',
    tags,
    auth: true,
    params: FolderParams,
    body: UpdateFolderBody,
    responses: {
      200: { description: 'The folder', schema: FolderSchema },
      ...notFound,
    },
    errors: ['forbidden', 'folder_not_found', 'folder_cycle', 'name_taken', 'folder_too_deep'],
    handler: updateFolder,
  }),
  defineRoute({
    operationId: 'trashFolder',
    method: 'delete',
    path: '/v1/folders/{id}',
    summary: 'Trash the folder and everything in it',
    tags,
    auth: true,
    params: FolderParams,
    responses: {
      202: { description: 'How many files went to the trash', schema: z.object({ files: z.number().int() }) },
      ...notFound,
    },
    errors: ['forbidden', 'folder_not_found', 'no_default_plan'],
    handler: trashFolder,
  }),
];
