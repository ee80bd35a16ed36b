/**
 * What admins' bulk actions over customers share: the customers an action selects (by id or by plan), what it did to
 * each of them (applied, not found, or skipped with why), the counts, and the run itself (who, why, when, whether it
 * was reverted). The customer change, the bulk action that sets many customers' plan or status at once, is here too.
 */
package io.tally.domain.bulk;
