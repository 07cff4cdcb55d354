import { z } from 'zod';

export const ChannelParams = z.object({ id: z.uuid() });
export type ChannelParams = z.infer<typeof ChannelParams>;

export const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });
export type MemberParams = z.infer<typeof MemberParams>;

export const MessageParams = z.object({ id: z.uuid(), messageId: z.uuid() });
export type MessageParams = z.infer<typeof MessageParams>;

export const AttachmentParams = z.object({ id: z.uuid(), messageId: z.uuid(), fileId: z.uuid() });
export type AttachmentParams = z.infer<typeof AttachmentParams>;

export const CreateChannelBody = z.strictObject({
  type: z.enum(['direct', 'group']),
  name: z
    .string()
    .max(400)
    .optional()
    .describe('a group’s name, 1-100 characters; none for a direct channel'),
  memberIds: z
    .array(z.uuid())
    .min(1)
    .max(1000)
    .describe('the other members: exactly one for a direct channel; the caller joins as owner of a group'),
});
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

export const AddMembersBody = z.strictObject({ memberIds: z.array(z.uuid()).min(1).max(100) });
export type AddMembersBody = z.infer<typeof AddMembersBody>;

// The service counts characters as code points (an emoji is one); this bound only keeps huge bodies out.
const Body = z.string().min(1).max(16_000).describe('1-4000 characters; no bidirectional control characters');

export const PostMessageBody = z.strictObject({
  body: Body,
  attachmentFileIds: z.array(z.uuid()).max(10).optional().describe('files you may download, at most 10'),
  clientMessageId: z
    .uuid()
    .optional()
    .describe('makes a retried post idempotent: the same id answers the first message (200)'),
});
export type PostMessageBody = z.infer<typeof PostMessageBody>;

export const EditMessageBody = z.strictObject({ body: Body });
export type EditMessageBody = z.infer<typeof EditMessageBody>;

export const MarkReadBody = z.strictObject({ messageId: z.uuid() });
export type MarkReadBody = z.infer<typeof MarkReadBody>;

export const MessagesQuery = z.object({
  before: z.uuid().optional().describe('a message id: older messages than it (the previous nextCursor)'),
  cursor: z.string().max(1024).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

export const EventsQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
export const DownloadQuery = z.object({ redirect: booleanQuery.default(true) });
export type DownloadQuery = z.infer<typeof DownloadQuery>;
