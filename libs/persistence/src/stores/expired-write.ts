/** A write (a decision, a vote) that reached the store after the API stopped waiting for it: not recorded, so a 503 never hides an applied write. */
export class ExpiredWriteError extends Error {}
