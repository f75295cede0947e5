import type { REST } from 'discord.js';
import { Routes, type RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import { COMMANDS } from './definitions.js';

/**
 * Registers the slash commands with one bulk overwrite (PUT): running it again with the same
 * definitions changes nothing, and commands no longer defined disappear. Global commands reach
 * every guild and DM (Discord may take a while to show changes); a guild's appear at once.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: COMMANDS })) as RESTPutAPIApplicationCommandsResult;
}
