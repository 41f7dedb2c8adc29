// Lets a child process run packages/core/src as it is (node --experimental-transform-types
// --import this file): the sources import each other as './x.js', which exists only once built,
// so a relative './x.js' that is not there is loaded from './x.ts'.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\/.*\.js$/.test(specifier)) throw err;
      return next(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});
