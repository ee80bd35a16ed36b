package io.tally.adapter.out.persistence.privacy;

import io.tally.application.port.out.privacy.PrivacyDataPort.Section;

/**
 * What an access export reads about a customer, per section: each row as a JSON object built by PostgreSQL, without the
 * internal keys, in a stable order. Parameters: tenant and customer row; exports add the tenant and the external
 * id, audit entries the external id twice.
 */
final class AccessRows {

    private AccessRows() {
    }

    static String sql(Section section) {
        return switch (section) {
            case SUBSCRIPTIONS -> """
                    SELECT to_jsonb(s) - 'tenant_id' - 'customer_id' FROM subscription_version s
                     WHERE s.tenant_id = ? AND s.customer_id = ? ORDER BY s.subscription_id, s.effective_at""";
            case PAYMENTS -> """
                    SELECT (to_jsonb(p) - 'tenant_id' - 'customer_id')
                           || jsonb_build_object('refunds', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'tenant_id' - 'payment_id' ORDER BY r.refunded_at)
                                                                        FROM payment_refund r
                                                                       WHERE r.tenant_id = p.tenant_id AND r.payment_id = p.payment_id), '[]'::jsonb))
                      FROM payment p WHERE p.tenant_id = ? AND p.customer_id = ? ORDER BY p.paid_at, p.payment_id""";
            case LIMITS -> """
                    SELECT to_jsonb(l) - 'tenant_id' - 'position' FROM plan_limit l
                      JOIN customer c ON c.tenant_id = l.tenant_id AND c.plan = l.plan_key
                     WHERE c.tenant_id = ? AND c.customer_id = ? ORDER BY l.position""";
            case USAGE_RESETS -> """
                    SELECT to_jsonb(r) - 'tenant_id' - 'outcomes' - 'request_hash' - 'idempotency_key' - 'request_id' - 'scope'
                           - 'reset_count' - 'not_found_count' - 'skipped_count'
                      FROM usage_reset r JOIN usage_reset_customer rc ON rc.tenant_id = r.tenant_id AND rc.reset_id = r.reset_id
                     WHERE rc.tenant_id = ? AND rc.customer_id = ? ORDER BY r.created_at, r.reset_id""";
            case EXPORTS -> """
                    SELECT x FROM (
                        SELECT jsonb_build_object('kind', 'async_job', 'id', j.job_id, 'report', j.report, 'format', j.format, 'status', j.status,
                                                  'requested_by', j.actor_subject, 'created_at', j.created_at, 'finished_at', j.finished_at,
                                                  'rows', j.row_count) AS x, j.created_at AS at
                          FROM export_job j
                         WHERE j.tenant_id = ? AND j.customer = (SELECT external_id FROM customer WHERE tenant_id = j.tenant_id AND customer_id = ?)
                        UNION ALL
                        SELECT jsonb_build_object('kind', 'download', 'report', a.details ->> 'report', 'format', a.details ->> 'format',
                                                  'requested_by', a.actor, 'at', a.occurred_at, 'rows', a.details -> 'rows'), a.occurred_at
                          FROM audit_entry a
                         WHERE a.tenant_id = ? AND a.action = 'export.generated' AND a.details ->> 'customer' = ?) e
                     ORDER BY at""";
            case CONSENTS -> """
                    SELECT to_jsonb(c) - 'tenant_id' - 'customer_id' FROM consent_record c
                     WHERE c.tenant_id = ? AND c.customer_id = ? ORDER BY c.seq""";
            case AUDIT -> """
                    SELECT jsonb_build_object('at', a.occurred_at, 'actor', a.actor, 'action', a.action, 'target', a.target, 'details', a.details)
                      FROM audit_entry a
                     WHERE a.tenant_id = ? AND ? > 0
                       AND (a.target = 'customer:' || ? OR jsonb_path_exists(a.details, '$.** ? (@ == $id)', jsonb_build_object('id', ?::text)))
                     ORDER BY a.audit_id""";
            case REQUESTS -> """
                    SELECT to_jsonb(r) - 'tenant_id' - 'customer_id' - 'file_sha256' FROM privacy_request r
                     WHERE r.tenant_id = ? AND r.customer_id = ? ORDER BY r.received_at, r.request_id""";
        };
    }
}
