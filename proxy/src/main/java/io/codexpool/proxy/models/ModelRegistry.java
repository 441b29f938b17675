package io.codexpool.proxy.models;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.models.PlanModels;
import io.codexpool.persistence.models.PlanModelsRepository;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.accounts.AccountState;
import io.codexpool.proxy.accounts.Availability;
import io.codexpool.proxy.support.EagerBackgroundWork;
import io.codexpool.proxy.support.JobLeases;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.support.Periodic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The models upstream offers, per plan. The replica holding the {@code model-refresh} lease fetches each present
 * plan's list every few minutes and stores it; every replica reads the stored lists. Routing asks
 * {@link #canServe}, transport selection asks {@link #prefersWebSockets}, the model routes list {@link #codexModels}.
 */
@ApplicationScoped
public class ModelRegistry extends EagerBackgroundWork {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class.getName());
    private static final Duration MAX_RELOAD = Duration.ofSeconds(30);

    private final AccountPool pool;
    private final ModelListFetcher fetcher;
    private final PlanModelsRepository stored;
    private final JobLeases leases;
    private final Clock clock;
    private final Duration every;
    private volatile ModelCatalog catalog = ModelCatalog.EMPTY;

    @Inject
    public ModelRegistry(AccountPool pool, ModelListFetcher fetcher, PlanModelsRepository stored, JobLeases leases,
                         Clock clock,
                         @ConfigProperty(name = "codexpool.models.refresh-seconds", defaultValue = "300")
                         long refreshSeconds) {
        this.pool = pool;
        this.fetcher = fetcher;
        this.stored = stored;
        this.leases = leases;
        this.clock = clock;
        this.every = Duration.ofSeconds(refreshSeconds);
    }

    @Override
    protected List<AutoCloseable> startWork() {
        reload();
        return List.of(leases.schedule("model-refresh", every, this::refreshFromUpstream),
                new Periodic("models-reload", every.compareTo(MAX_RELOAD) < 0 ? every : MAX_RELOAD, this::reload));
    }

    /**
     * Whether upstream marks this model {@code prefer_websockets}. Empty while the model list is not loaded yet or
     * does not name the model: the caller then applies its own default.
     */
    public Optional<Boolean> prefersWebSockets(String model) {
        JsonNode described = model == null ? null : catalog.merged().get(model);
        return described == null ? Optional.empty()
                : Optional.of(described.path("prefer_websockets").asBoolean(false));
    }

    /**
     * Whether an account on {@code planType} can serve {@code model}. True while the list is unknown, for a model no
     * plan lists (let upstream judge it) and for a plan whose list is not known.
     */
    public boolean canServe(String planType, String model) {
        return catalog.canServe(planType, model);
    }

    /** Whether any plan's list has been loaded. */
    public boolean known() {
        return catalog.known();
    }

    /** {@code {"models":[...]}}: the union of every plan's list, each model as upstream describes it. */
    public ObjectNode codexModels() {
        ensureLoaded();
        ObjectNode document = Json.object();
        ArrayNode models = document.putArray("models");
        catalog.merged().values().forEach(models::add);
        return document;
    }

    /** The OpenAI {@code /v1/models} list of the same models. */
    public ObjectNode openAiModels() {
        ensureLoaded();
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String slug : catalog.merged().keySet()) {
            data.addObject().put("id", slug).put("object", "model").put("created", 0).put("owned_by", "openai");
        }
        return list;
    }

    /** Fetches the list of every plan present among usable accounts, stores it, and uses it. */
    public void refreshFromUpstream() {
        Map<String, List<AccountState>> byPlan = new LinkedHashMap<>();
        for (AccountState account : pool.all()) {
            if (account.status() != AccountStatus.DEACTIVATED && account.status() != AccountStatus.PAUSED) {
                byPlan.computeIfAbsent(ModelCatalog.planKey(account.planType()), plan -> new ArrayList<>())
                        .add(account);
            }
        }
        byPlan.forEach((plan, accounts) -> accounts.stream()
                .sorted(Comparator.comparing(a -> Availability.of(a, clock.instant()) != Availability.AVAILABLE))
                .map(fetcher::fetch)
                .flatMap(Optional::stream)
                .findFirst()
                .ifPresentOrElse(models -> stored.save(new PlanModels(plan, Json.write(models), clock.instant())),
                        () -> LOG.warning(() -> "no account of plan " + plan + " could fetch the model list")));
        reload();
    }

    /**
     * Re-reads the stored lists (another replica may have fetched them). One at a time: a periodic read that began
     * before a refresh stored a new list must not land after the refresh's own reload and undo it.
     */
    public synchronized void reload() {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (PlanModels plan : stored.findAll()) {
            JsonNode models = Json.parseOrNull(plan.getModelsJson());
            if (models != null) {
                documents.put(plan.getPlanType(), models);
            }
        }
        catalog = ModelCatalog.of(documents);
    }

    /** Before the first scheduled refresh the list is fetched on demand, so the model routes answer from the start. */
    private void ensureLoaded() {
        if (!catalog.known()) {
            reload();
        }
        if (!catalog.known()) {
            refreshFromUpstream();
        }
    }
}
