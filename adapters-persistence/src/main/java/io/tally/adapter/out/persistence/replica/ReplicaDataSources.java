package io.tally.adapter.out.persistence.replica;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * When a read replica is configured, the default data source (the primary's pool) becomes a
 * {@link ReplicaRoutingDataSource} over it, so that the connections {@link ReplicaReads} routes are opened on the
 * replica. Without one, nothing is wrapped.
 */
@Singleton
@Requires(property = "tally.db.read.url", pattern = ".+")
final class ReplicaDataSources implements BeanCreatedEventListener<DataSource> {

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        if (!"default".equals(event.getBeanIdentifier().getName())) {
            return event.getBean();
        }
        // below Micronaut's contextual proxy, if it wrapped the pool first: the connections are opened from the pool
        return new ReplicaRoutingDataSource(DelegatingDataSource.unwrapDataSource(event.getBean()));
    }
}
