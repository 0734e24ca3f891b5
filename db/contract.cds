/**
 * The anomaly event contract: the public API between the Lambda (producer) and the
 * processor (consumer). Defined once here; cds-typer turns it into the TypeScript types
 * that both sides import from `#cds-models/e2ba/contract`.
 *
 * Wire format: a CloudEvents 1.0 structured-mode JSON document.
 */
namespace e2ba.contract;

/** CloudEvents `type` of the events this contract describes; versioned in the name. */
type EventType     : String(64) enum {
  AnomalyDetectedV1 = 'sitewise.anomaly.detected.v1';
};

type SpecVersion   : String(8) enum {
  CloudEvents1 = '1.0';
};

type ContentType   : String(64) enum {
  Json = 'application/json';
};

type Measurement   : String(20) enum {
  vibration;
  temperature;
  other;
};

type AnomalyType   : String(20) enum {
  THRESHOLD;
  DRIFT;
  RATE_OF_CHANGE;
  ALARM;
  BAD_QUALITY;
};

type Severity      : String(10) enum {
  WARNING;
  CRITICAL;
};

/** SiteWise data quality of a value */
type Quality       : String(10) enum {
  GOOD;
  BAD;
  UNCERTAIN;
};

/** SiteWise alarm states (AWS IoT Events AlarmState.stateName) */
type AlarmState    : String(20) enum {
  DISABLED;
  NORMAL;
  ACTIVE;
  ACKNOWLEDGED;
  SNOOZE_DISABLED;
  LATCHED;
};

/**
 * Bounds every producer respects and every consumer enforces: input is untrusted,
 * so nothing unbounded crosses the wire.
 */
type Limits        : Integer enum {
  /** whole serialized event, in bytes */
  maxEventBytes   = 262144;
  /** recent samples carried in `data.samples` */
  maxSamples      = 50;
  /** any free-text string field */
  maxStringLength = 1000;
  /** nesting of objects and arrays in a message, embedded JSON text included */
  maxJsonDepth    = 16;
};

/** One telemetry point, as carried in `data.samples` */
type Sample {
  /** ISO 8601 UTC */
  time    : Timestamp not null;
  value   : Double not null;
  quality : Quality;
};

/** The `data` of an anomaly event: one anomalous window of one time series */
type AnomalyData {
  assetId       : String(36) not null;
  assetName     : String(256);
  propertyId    : String(36);
  /** e.g. /Plant1010/Line1/Motor1/Vibration */
  propertyAlias : String(1000);
  propertyName  : String(256);
  measurement   : Measurement not null;
  /** engineering unit, e.g. mm/s or °C */
  unit          : String(20);
  anomalyType   : AnomalyType not null;
  severity      : Severity not null;
  /** peak value inside the window */
  value         : Double;
  /** the limit that was crossed (null for ALARM and BAD_QUALITY) */
  threshold     : Double;
  windowStart   : Timestamp not null;
  windowEnd     : Timestamp not null;
  sampleCount   : Integer not null;
  quality       : Quality;
  alarmState    : AlarmState;
  /** optional hints the producer may know (e.g. from SiteWise asset metadata) */
  plant         : String(4);
  location      : String(40);
  equipment     : String(18);
  /** most recent points of the window, at most Limits.maxSamples */
  samples       : many Sample;
};

/** CloudEvents 1.0 envelope, structured JSON mode */
type AnomalyEvent {
  specversion     : SpecVersion not null;
  /** deterministic: the same anomaly window always has the same id (idempotency key) */
  id              : String(128) not null;
  /** URI reference of the producer, e.g. urn:aws:lambda:eu-central-1:sitewise-anomaly */
  source          : String(256) not null;
  type            : EventType not null;
  /** ISO 8601 UTC time of detection */
  time            : Timestamp not null;
  /** the asset the event is about (its SiteWise asset id) */
  subject         : String(256);
  datacontenttype : ContentType not null;
  data            : AnomalyData not null;
};

/**
 * The reference sample's event shape, still accepted at intake and normalised into
 * an AnomalyEvent. `eventData` is the raw SiteWise property notification (object or JSON text).
 */
type LegacyEvent {
  data : LegacyEventData not null;
};

type LegacyEventData {
  SourceSystem   : String(100);
  DeviceLocation : String(100);
  DeviceType     : String(100);
  AssetName      : String(256);
  PropertyName   : String(256);
  BUCKETId       : String(256);
  eventData      : LargeString;
};
