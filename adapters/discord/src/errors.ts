/** A problem the operator fixes (configuration, a rejected token): printed without a stack, exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
