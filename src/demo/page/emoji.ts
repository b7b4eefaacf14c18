/**
 * Emoji shortcodes (`:bell:`) as Slack draws them, from a well-kept table: the page fetches it from
 * the demo (built there from gemoji, GitHub's emoji list, whose names are Slack's for all but a few),
 * and draws an unknown name as written, as Slack does.
 */

const table = new Map<string, string>();

export function setEmoji(names: Readonly<Record<string, string>>): void {
  table.clear();
  for (const [name, emoji] of Object.entries(names)) table.set(name, emoji);
}

/** The emoji of a shortcode's name (`bell`), or undefined. */
export function emojiOf(name: string): string | undefined {
  return table.get(name.toLowerCase());
}

/** `:name:` sequences in plain text replaced by their emoji; unknown names left as written. */
export function withEmoji(text: string): string {
  if (table.size === 0 || !text.includes(':')) return text;
  return text.replace(/:([a-z0-9_+-]{1,60}):/gi, (whole, name: string) => emojiOf(name) ?? whole);
}
