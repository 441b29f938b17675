package io.codexpool.persistence.usage;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class UsageSampleRepository {
    private final Jpa jpa;

    @Inject
    public UsageSampleRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public void saveAll(Collection<UsageSample> samples) {
        if (!samples.isEmpty()) {
            jpa.run(em -> samples.forEach(em::persist));
        }
    }

    /** The newest sample of each account and window: what routing starts from after a restart. */
    public List<UsageSample> findLatestPerAccountAndWindow() {
        return jpa.read(em -> em.createQuery("""
                        select s from UsageSample s where s.recordedAt = (
                            select max(t.recordedAt) from UsageSample t
                            where t.accountId = s.accountId and t.window = s.window)
                        order by s.id desc
                        """, UsageSample.class)
                .getResultStream()
                .filter(onePerWindow())
                .toList());
    }

    private static Predicate<UsageSample> onePerWindow() {
        Set<String> seen = new HashSet<>();
        return sample -> seen.add(sample.getAccountId() + "/" + sample.getWindow().wireName());
    }

    public List<UsageSample> findForAccountSince(String accountId, Instant since) {
        return jpa.read(em -> em.createQuery("""
                        select s from UsageSample s where s.accountId = :account and s.recordedAt >= :since
                        order by s.recordedAt
                        """, UsageSample.class)
                .setParameter("account", accountId)
                .setParameter("since", since)
                .getResultList());
    }

    public int deleteRecordedBefore(Instant cutoff) {
        return jpa.transaction(em -> em.createQuery("delete from UsageSample s where s.recordedAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate());
    }
}
