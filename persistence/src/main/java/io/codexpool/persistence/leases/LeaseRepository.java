package io.codexpool.persistence.leases;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code leases} rows: one per periodic job (usage poll, model refresh, cleanups) and one per account whose tokens
 * are being refreshed, so one replica at a time does each, across every database node.
 */
@ApplicationScoped
public class LeaseRepository extends LeaseTable {
    @Inject
    public LeaseRepository(DataSource dataSource) {
        super(dataSource, "leases");
    }
}
