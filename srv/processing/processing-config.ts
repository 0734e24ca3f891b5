import cds from '@sap/cds'

/** The limits of one destination: its bulkhead and its circuit breaker */
export interface DestinationLimits {
  /** calls in flight at once */
  concurrency: number
  /** chains that may wait in memory for a free call; more are handed back and taken up again shortly */
  maxWaiting: number
  /** consecutive transient failures that open the breaker */
  breakerFailures: number
  /** how long an open breaker holds calls back before one probe may go */
  breakerOpenSeconds: number
}

/** cds.requires.processing */
export interface ProcessingConfig {
  /** how long a chain's lease lasts unrenewed: how soon a dead instance's chains resume */
  leaseSeconds: number
  /** how often each instance looks for chains that are due (new, retry due, lease lapsed) */
  sweepSeconds: number
  /** chains one instance runs (or lets wait for a destination) at once */
  maxChains: number
  retry: {
    /** the first retry's delay; each further one doubles, up to maxDelaySeconds, with jitter */
    baseSeconds: number
    maxDelaySeconds: number
  }
  /** by destination name; '*' applies to those not named */
  destinations: Record<string, Partial<DestinationLimits>>
}

export const processingConfig = () => cds.env.requires.processing as unknown as ProcessingConfig

const FALLBACK: DestinationLimits = { concurrency: 16, maxWaiting: 256, breakerFailures: 5, breakerOpenSeconds: 30 }

export const destinationLimits = (destination: string, config = processingConfig()): DestinationLimits => ({
  ...FALLBACK,
  ...config.destinations['*'],
  ...config.destinations[destination],
})
