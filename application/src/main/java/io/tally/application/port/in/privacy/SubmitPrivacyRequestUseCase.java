package io.tally.application.port.in.privacy;

/** Records a data subject's request and hands it to the job runner (admin and above). */
public interface SubmitPrivacyRequestUseCase {

    PrivacyRequestView submitPrivacyRequest(SubmitPrivacyRequestCommand command);
}
