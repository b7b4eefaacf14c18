/**
 * Slack's ids of members and conversations, as Slack writes them: a type letter, then upper-case
 * letters and digits. Members are `U…`, or `W…` in an Enterprise organisation (Slack changelog
 * 2016-08-11, "Some user ID strings are changing"); conversations are `C…` (channels), `G…` (older
 * private channels and group DMs) and `D…` (direct messages). Slack documents no length, and ids have
 * grown before (channel ids went from 9 to 11 characters); the bound only keeps a foreign value small.
 *
 * The one rule for every place that takes an id from outside (a request, a button value, a file) or
 * puts one inside a mention (`<@U…>`): an id of this shape holds no `<`, `>`, `|` or `!`.
 */
const USER_ID = /^[UW][A-Z0-9]{1,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{1,30}$/;

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}

export function isChannelId(value: string): boolean {
  return CHANNEL_ID.test(value);
}
