// The posts list's keyset cursor: the (created_at, id) of the last post of a page, as opaque
// base64url JSON. A cursor that does not decode to exactly that shape is a 400.
import { z } from 'zod';
import { badRequest } from './middleware/errors.ts';

const CursorShape = z.strictObject({
  t: z.iso.datetime(),
  i: z.string().regex(/^[0-9a-z]{1,16}$/),
});

export interface PostCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: PostCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), i: cursor.id })).toString(
    'base64url',
  );
}

export function decodeCursor(text: string): PostCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor is not a cursor this API issued');
  }
  const parsed = CursorShape.safeParse(json);
  if (!parsed.success) throw badRequest('cursor is not a cursor this API issued');
  return { createdAt: new Date(parsed.data.t), id: parsed.data.i };
}
