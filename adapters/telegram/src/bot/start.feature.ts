import { Composer, type Context } from 'telegraf';
import * as t from './messages.js';

/** /start (also the deep link of the inline "how to" button) and /help. */
export function startFeature(): Composer<Context> {
  const bot = new Composer<Context>();
  bot.start(async (ctx) => {
    await ctx.reply(t.startText(ctx.botInfo.username), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });
  bot.help(async (ctx) => {
    await ctx.reply(t.helpText(ctx.botInfo.username), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });
  return bot;
}
