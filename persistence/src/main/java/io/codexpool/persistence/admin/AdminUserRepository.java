package io.codexpool.persistence.admin;

import java.util.Optional;

import io.codexpool.persistence.database.Jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class AdminUserRepository {
    private final Jpa jpa;

    @Inject
    public AdminUserRepository(Jpa jpa) {
        this.jpa = jpa;
    }

    public Optional<AdminUser> findAdmin() {
        return Optional.ofNullable(jpa.read(em -> em.find(AdminUser.class, AdminUser.ADMIN_ID)));
    }

    /**
     * Stores the first admin password; false when another request (or replica) set one first, so a bootstrap race
     * cannot overwrite a password that is already in use.
     */
    public boolean createAdminIfAbsent(AdminUser admin) {
        return jpa.transaction(em -> {
            if (em.find(AdminUser.class, admin.getId()) != null) {
                return false;
            }
            em.persist(admin);
            return true;
        });
    }
}
