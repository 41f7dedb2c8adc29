/**
 * A client was created with options it cannot work with (missing credential, malformed base
 * URL, a token of the wrong kind). Thrown by the factory, before any request is sent.
 * Messages name the provider and the option, never the secret's value.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly provider: string,
    readonly option: string,
    message: string,
  ) {
    super(`${provider}: ${message}`);
  }
}
