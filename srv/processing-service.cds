/**
 * Runs the action chains of stored events, and declares the events it consumes. Never served
 * over any protocol.
 */
using { e2ba.contract } from '../db/contract';

@protocol: 'none'
@requires: 'internal-user'
service ProcessingService {
  /** What the processor consumes from AEM (and its webhook): the anomaly event contract */
  event AnomalyDetected       : contract.AnomalyEvent;
  /** The reference sample's shape, accepted and normalised into AnomalyDetected */
  event LegacyAnomalyDetected : contract.LegacyEvent;
}
