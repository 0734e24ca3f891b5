/**
 * The anomaly event contract as it travels on the wire, derived from the CDS types that
 * cds-typer generates from db/contract.cds: elements declared `not null` are required,
 * all others optional. Type-only: importing it adds nothing to a bundle.
 */
import type * as contract from '#cds-models/e2ba/contract'

type Wire<T> = T extends readonly (infer U)[]
  ? Wire<U>[]
  : T extends object
    ? { [K in keyof T as null extends T[K] ? never : K]-?: Wire<NonNullable<T[K]>> } & {
        [K in keyof T as null extends T[K] ? K : never]?: Wire<NonNullable<T[K]>> | null
      }
    : T

export type AnomalyEvent = Wire<contract.AnomalyEvent>
export type AnomalyData = Wire<contract.AnomalyData>
export type Sample = Wire<contract.Sample>
export type LegacyEvent = Wire<contract.LegacyEvent>
