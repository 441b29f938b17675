package io.codexpool.proxy.pipeline;

import java.util.function.Predicate;

/**
 * The accounts a turn may be routed to, by id.
 *
 * @param restricted whether some accounts are ruled out: then "why no account can serve" is told among the others
 */
record AccountScope(Predicate<String> allowed, boolean restricted) {
}
