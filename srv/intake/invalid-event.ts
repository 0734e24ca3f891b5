/** Input that can never become a valid event: rejected, never retried */
export class InvalidEvent extends Error {
  override readonly name = 'InvalidEvent'
}
