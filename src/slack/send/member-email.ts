import { z } from 'zod';
import type { EmailLookup } from '../../use-case/ports.js';
import { slackErrorCode } from '../server/identity.js';
import { asSlackRefusal } from './slack-errors.js';
import type { SlackWebClient } from './web-client.js';

/**
 * A member's Slack profile email through `users.info` (src/use-case/finding/members.ts matches it to an extension's
 * `email_addr`). `users:read` gives the user, `users:read.email` the email field: an installation
 * without them answers `missing_scope` or a profile without `email`, and "my calls" then says which
 * scope is missing instead of failing (the Slack reference's scope pages). The same answer carries the
 * member's language with `include_locale` (users:read is enough for it).
 */
const userInfoSchema = z.looseObject({
  user: z
    .looseObject({
      is_bot: z.boolean().optional(),
      locale: z.string().optional(),
      profile: z.looseObject({ email: z.string().optional() }).optional(),
    })
    .optional(),
  // The SDK's reading of the x-oauth-scopes header, when Slack sends it.
  response_metadata: z.looseObject({ scopes: z.array(z.string()).optional() }).optional(),
});

export function slackEmailLookup(
  client: Pick<SlackWebClient, 'users'>,
): (userId: string) => Promise<EmailLookup> {
  return async (userId) => {
    let answer: unknown;
    try {
      answer = await client.users.info({ user: userId, include_locale: true });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'missing_scope' || code === 'no_permission') return { kind: 'no_scope' };
      if (code === 'user_not_found' || code === 'user_not_visible') return { kind: 'none' };
      // Slack unreachable, rate limited: worded by the one table, and not remembered.
      throw asSlackRefusal(error);
    }
    const parsed = userInfoSchema.safeParse(answer);
    const email = parsed.success ? parsed.data.user?.profile?.email?.trim() : undefined;
    const locale = parsed.success ? parsed.data.user?.locale?.trim() || undefined : undefined;
    if (email) return { kind: 'email', email, locale };
    // No email field: without users:read.email Slack leaves it out for everyone, which the granted
    // scopes tell when the answer carries them.
    const scopes = parsed.success ? parsed.data.response_metadata?.scopes : undefined;
    if (scopes !== undefined && !scopes.includes('users:read.email')) return { kind: 'no_scope', locale };
    return { kind: 'none', locale };
  };
}
