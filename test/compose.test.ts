import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DISCORD_ENV_KEYS } from '../adapters/discord/src/config/env.js';
import { TELEGRAM_ENV_KEYS } from '../adapters/telegram/src/config/env.js';
import { ENV_KEYS } from '../services/search/src/config/env.js';

/**
 * Docker cannot run on the development machines, so the compose file is checked here: every
 * variable our services are given must be one the config schema reads (no silent typos or
 * leftovers), and the services the design needs are there.
 */
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: unknown; command?: string[]; environment?: Record<string, string>; deploy?: { replicas?: number } }>;
};

const ours = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

describe('docker-compose.yml', () => {
  it('runs redis, postgres, two search replicas and an embed worker', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['redis', 'postgres', 'search', 'embed-worker']));
    expect(compose.services.search!.command).toEqual(['serve']);
    expect(compose.services.search!.deploy?.replicas).toBe(2);
    expect(compose.services['embed-worker']!.command).toEqual(['worker']);
    expect(ours.map(([name]) => name)).toEqual(expect.arrayContaining(['search', 'embed-worker']));
  });

  // Which schema reads each service's environment.
  const schemaOf = (name: string): readonly string[] =>
    name === 'telegram' ? TELEGRAM_ENV_KEYS : name === 'discord' ? DISCORD_ENV_KEYS : ENV_KEYS;

  it('runs the Telegram and Discord adapters against the search service', () => {
    expect(compose.services.telegram?.environment?.SEARCH_ADDRESS).toBe('search:50051');
    expect(compose.services.discord?.environment?.SEARCH_ADDRESS).toBe('search:50051');
  });

  it.each(ours.map(([name, s]) => [name, s] as const))('gives %s only variables the config schema knows', (name, service) => {
    const unknown = Object.keys(service.environment ?? {}).filter((k) => !schemaOf(name).includes(k));
    expect(unknown).toEqual([]);
  });
});
