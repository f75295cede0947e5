import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

const CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM];

/** The slash commands, Russian by default with English localizations. */
export const COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'meme',
    description: 'Найти мемы по описанию ситуации',
    description_localizations: {
      'en-US': 'Find memes that fit a situation',
      'en-GB': 'Find memes that fit a situation',
      ru: 'Найти мемы по описанию ситуации',
    },
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: CONTEXTS,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'query',
        name_localizations: { ru: 'ситуация' },
        description: 'Что случилось, обычными словами',
        description_localizations: { 'en-US': 'What happened, in plain words', 'en-GB': 'What happened, in plain words' },
        required: true,
        max_length: 500,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        name_localizations: { ru: 'сколько' },
        description: 'Сколько мемов показать (1–5)',
        description_localizations: { 'en-US': 'How many memes to show (1–5)', 'en-GB': 'How many memes to show (1–5)' },
        min_value: 1,
        max_value: 5,
      },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'meme-name',
    description: 'Показать мем по названию',
    description_localizations: { 'en-US': 'Show a meme by its name', 'en-GB': 'Show a meme by its name', ru: 'Показать мем по названию' },
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: CONTEXTS,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        name_localizations: { ru: 'название' },
        description: 'Название мема (подсказки появятся по мере ввода)',
        description_localizations: {
          'en-US': 'The meme’s name (suggestions appear as you type)',
          'en-GB': 'The meme’s name (suggestions appear as you type)',
        },
        required: true,
        autocomplete: true,
        max_length: 100,
      },
    ],
  },
];
