package io.tally.application.port.in.privacy;

import io.tally.application.port.in.Page;

/** Data subjects' requests, for admins: one, a page of them, and an access request's zip. */
public interface GetPrivacyRequestsUseCase {

    PrivacyRequestView getPrivacyRequest(PrivacyRequestQuery query);

    Page<PrivacyRequestView> listPrivacyRequests(ListPrivacyRequestsQuery query);

    /** The zip of a completed access request: 409 while it is not ready, 410 once it expired or was deleted. */
    PrivacyFile privacyRequestFile(PrivacyRequestQuery query);
}
