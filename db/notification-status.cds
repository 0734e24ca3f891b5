/**
 * The status of S/4 maintenance notifications coming back: the business events S/4HANA
 * publishes about them (each stored once, then read through) and the polling of changed
 * notifications, with its watermark and lease per destination. See srv/status.
 */
namespace e2ba;

using { cuid } from '@sap/cds/common';
using { e2ba.Incidents } from './log';

type NotificationEventOutcome : String(10) enum {
  /** stored; the notification is read from S/4 next */
  PENDING;
  /** the notification's status as read is on its incident */
  APPLIED;
  /** about a notification this app did not create */
  IGNORED;
  /** not a maintenance notification event this app understands */
  REJECTED;
}

/** A business event about a maintenance notification, once: `eventId` is its CloudEvents id */
@assert.unique: {eventId: [eventId]}
entity NotificationEvents : cuid {
  eventId            : String(128) @mandatory;
  type               : String(200);
  notificationNumber : String(12);
  /** the event's time: when S/4 raised it */
  eventTime          : Timestamp;
  receivedAt         : Timestamp @cds.on.insert: $now;
  outcome            : NotificationEventOutcome @mandatory default 'PENDING';
  reason             : String(1000);
  incident           : Association to Incidents;
  /** reads of the notification that failed */
  attempts           : Integer default 0;
  /** who reads the notification, and until when nobody else may; after a failed read, when the next may go */
  leaseOwner         : String(100);
  leaseUntil         : Timestamp;
  /** the event as received, cut to length */
  payload            : String(4000);
}

/** Polling a destination for changed notifications: where the last poll got to, and who polls */
entity NotificationPolls {
  key destination : String(200);
      /** LastChangeDateTime of the newest change seen: the next poll asks from here on */
      watermark   : Timestamp;
      polledAt    : Timestamp;
      leaseOwner  : String(100);
      leaseUntil  : Timestamp;
}
