import net from 'node:net'

/**
 * Preloaded into the served app for browser tests: a server that listens on a port only
 * (as `cds serve` does) listens on 127.0.0.1 instead of every interface.
 */
type Listen = (this: net.Server, ...args: unknown[]) => net.Server
const listen = Reflect.get(net.Server.prototype, 'listen') as Listen
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  return listen.apply(this, args)
} as typeof net.Server.prototype.listen
