import cds from '@sap/cds'
import type { Request, Response } from 'express'
import { Events } from '#cds-models/e2ba'
import { deadline } from './lib/deadline'

/** A database that does not answer within this is as good as down for intake */
const DATABASE_DEADLINE_MS = 2000

/**
 * The readiness path for the platform's health check (mta.yaml), public as health checks are:
 * 200 when the database answers and intake takes events, else 503 naming what is down. It
 * tells nothing but UP or DOWN per part.
 */
export function readiness(intakeReady: () => boolean) {
  return async (_req: Request, res: Response) => {
    const database = await deadline(cds.run(SELECT.one.from(Events).columns('ID')), DATABASE_DEADLINE_MS).then(
      () => 'UP',
      () => 'DOWN',
    )
    const intake = intakeReady() ? 'UP' : 'DOWN'
    const status = database === 'UP' && intake === 'UP' ? 'UP' : 'DOWN'
    res.status(status === 'UP' ? 200 : 503).json({ status, database, intake })
  }
}
