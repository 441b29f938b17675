package io.codexpool.proxy.accounts;

import java.util.Locale;

/** Credits a plan gets per window; an unknown plan counts as free. */
public record PlanCapacity(double primary, double secondary) {
    private static final PlanCapacity FREE = new PlanCapacity(33.75, 1134);
    private static final PlanCapacity PLUS = new PlanCapacity(225, 7560);
    private static final PlanCapacity PRO = new PlanCapacity(1500, 50400);

    public static PlanCapacity of(String planType) {
        if (planType == null) {
            return FREE;
        }
        return switch (planType.toLowerCase(Locale.ROOT)) {
            case "plus", "team", "business", "edu" -> PLUS;
            case "pro", "enterprise" -> PRO;
            default -> FREE;
        };
    }
}
