import net from 'node:net'

/**
 * Preloaded (`--import`) into servers that tests start as processes: a server that listens
 * on a port only (as `cds serve` does) listens on 127.0.0.1 instead of every interface.
 * Plain JavaScript, so the built production bundle can load it without TypeScript tooling.
 */
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  return listen.apply(this, args)
}
