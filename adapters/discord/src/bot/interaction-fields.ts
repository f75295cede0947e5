import { ApplicationCommandOptionType, type APIApplicationCommandInteractionDataOption, type APIInteraction } from 'discord-api-types/v10';

/** The user behind an interaction: `member.user` in guilds, `user` in DMs. */
export function userIdOf(i: Pick<APIInteraction, 'member' | 'user'>): string {
  const id = i.member?.user.id ?? i.user?.id;
  if (!id) throw new Error('interaction without a user');
  return id;
}

/** A top-level option's value (string, number or boolean). */
export function optionValue(
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
  name: string,
): string | number | boolean | undefined {
  const o = options?.find((x) => x.name === name);
  if (!o || o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) return undefined;
  return o.value;
}
