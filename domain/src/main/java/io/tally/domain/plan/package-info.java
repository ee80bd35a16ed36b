/**
 * Plans and their limits, the period a limit counts usage in, and usage resets: an admin's marker that
 * restarts the counted usage of customers' limits without deleting any event.
 */
package io.tally.domain.plan;
