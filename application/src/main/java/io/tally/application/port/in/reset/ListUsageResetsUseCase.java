package io.tally.application.port.in.reset;

import io.tally.application.port.in.Page;
import io.tally.domain.plan.UsageReset;

/** The tenant's usage resets, newest first. */
public interface ListUsageResetsUseCase {

    Page<UsageReset> listUsageResets(ListUsageResetsQuery query);
}
