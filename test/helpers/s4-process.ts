import { startS4StandIn } from '../../scripts/scale/stand-in-process'
import { standInClient } from './s4-stand-in'

/** The S/4 stand-in in a process of its own, with a client for its OData and control API */
export async function startS4Process() {
  const { url, stop } = await startS4StandIn()
  return { url, client: standInClient(() => url), stop }
}
