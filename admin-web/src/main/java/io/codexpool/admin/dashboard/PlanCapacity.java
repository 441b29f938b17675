package io.codexpool.admin.dashboard;

import java.util.Locale;

/** Credits per window by plan (behaviour §2); an unknown plan counts as free. */
public record PlanCapacity(double primary, double secondary) {
    static final PlanCapacity FREE = new PlanCapacity(33.75, 1134);
    static final PlanCapacity PLUS = new PlanCapacity(225, 7560);
    static final PlanCapacity PRO = new PlanCapacity(1500, 50400);

    public static PlanCapacity of(String plan) {
        return switch (plan == null ? "" : plan.toLowerCase(Locale.ROOT)) {
            case "plus", "team", "business", "edu" -> PLUS;
            case "pro", "enterprise" -> PRO;
            default -> FREE;
        };
    }
}
