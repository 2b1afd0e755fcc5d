/** A recording that cannot be used: unreadable, malformed, of another dataset, or not mappable to v1. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}
