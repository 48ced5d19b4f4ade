/** Rules between Config fields, decided once for the sampler and the CLI. */
import { LockingStrategy, type Config } from './types.js';

/** Native frames are unwound from the registers of a paused thread: `native` with a nonblocking read cannot work. */
export function nativeWithoutPause(config: Pick<Config, 'native' | 'blocking'>): boolean {
  return config.native && config.blocking === LockingStrategy.NonBlocking;
}
