package io.tally.application.port.out.privacy;

import io.tally.domain.privacy.PrivacyRequest;
import io.tally.domain.privacy.RequestType;
import io.tally.domain.tenant.TenantId;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Data subjects' requests, their receipts and the files of access requests. The customer must exist. */
public interface PrivacyRequestStorePort {

    void insert(TenantId tenant, PrivacyRequest request);

    Optional<StoredRequest> find(TenantId tenant, UUID id);

    /** Newest first (by receipt, then id), after {@code before} when given, at most {@code limit}. */
    List<StoredRequest> list(TenantId tenant, Filter filter, Optional<Cursor> before, int limit);

    /**
     * Takes the request to carry it out: {@code STARTED} (it was received, now it is in progress), {@code RESUMED} (it was in
     * progress: a node stopped in it), {@code BUSY} (another request about the same customer is in progress; nothing
     * changed) or {@code ENDED} (completed, rejected, or gone). Claims of one customer's requests are serialised.
     */
    Claim claim(TenantId tenant, UUID id);

    enum Claim {
        STARTED, RESUMED, BUSY, ENDED
    }

    /** Writes the request's status, finish and reason, and its receipt when given. */
    void save(TenantId tenant, PrivacyRequest request, Optional<Map<String, Object>> receipt);

    /** A stream into the request's file, stored in chunks as it is written; an earlier file of the request is replaced. */
    OutputStream fileWriter(TenantId tenant, UUID id);

    /** Records the written file's size and digest, and until when it may be downloaded. */
    void fileWritten(TenantId tenant, UUID id, long bytes, String sha256, Instant expiresAt);

    InputStream openFile(TenantId tenant, UUID id);

    /** Deletes the files whose time ran out; how many. */
    int expireFiles(Instant now);

    /** Every open request of every tenant (received or in progress), oldest first, at most {@code limit}: the jobs that must exist. */
    List<Ref> open(int limit);

    record Ref(TenantId tenant, UUID id) {
    }

    record Cursor(Instant receivedAt, UUID id) {
    }

    /** The filters of a listing; {@code overdueAt} keeps the requests open past their due time at that instant. */
    record Filter(Optional<PrivacyRequest.Status> status, Optional<RequestType> type, Optional<String> customer, Optional<Instant> overdueAt) {
        public Filter {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(overdueAt, "overdueAt");
        }
    }

    /** A request with its receipt (empty until it ends) and its file, when it has one. */
    record StoredRequest(PrivacyRequest request, Map<String, Object> receipt, Optional<StoredFile> file) {
        public StoredRequest {
            Objects.requireNonNull(request, "request");
            receipt = receipt == null ? Map.of() : receipt;
            Objects.requireNonNull(file, "file");
        }
    }

    /** An access request's zip: size, SHA-256 (hex), until when it may be downloaded, and whether it was deleted already. */
    record StoredFile(long bytes, String sha256, Instant expiresAt, boolean expired) {
    }
}
