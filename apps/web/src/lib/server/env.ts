/** The only module that reads the environment; everything else imports `config`. */
import { env } from '$env/dynamic/private';
import { type WebConfig, parseConfig } from './config';

let cached: WebConfig | undefined;

export function config(): WebConfig {
  cached ??= parseConfig(env);
  return cached;
}
