/**
 * One day in epoch milliseconds. Every day the domain counts is a UTC day of exactly this
 * length (epoch time has no leap seconds), so whole days between two instants are a division.
 */
export const DAY_MS = 86_400_000;
