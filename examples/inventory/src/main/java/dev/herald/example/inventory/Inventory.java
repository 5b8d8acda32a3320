package dev.herald.example.inventory;

import dev.herald.publish.Publication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The inventory's changes, each in its own transaction. Every change fires a {@link Publication} of the item as it is
 * now: Herald publishes it once the transaction commits, and drops it when the transaction rolls back.
 */
@ApplicationScoped
public class Inventory {

    /** Each item's topic is its IRI; a page subscribes to all of them with the template {@code …/items/{sku}}. */
    public static final String TOPICS = "https://inventory.example/items/";

    private static final Jsonb JSON = JsonbBuilder.create();

    @PersistenceContext(unitName = "inventory")
    private EntityManager entities;

    @Inject
    private Event<Publication> changes;

    public List<Item> all() {
        return entities.createQuery("select i from Item i order by i.sku", Item.class).getResultList();
    }

    public Optional<Item> find(String sku) {
        return Optional.ofNullable(entities.find(Item.class, sku));
    }

    /** Creates the item, or gives an existing one this name and quantity. */
    @Transactional
    public Item put(String sku, String name, int quantity) {
        Item item = entities.find(Item.class, sku);
        if (item == null) {
            item = new Item(sku, name, quantity);
            entities.persist(item);
        } else {
            item.rename(name);
            item.setQuantity(quantity);
        }
        return changed(item);
    }

    /**
     * Adds {@code by} (negative: takes away) to the item's quantity.
     *
     * @return the item as it is now, or empty when there is no such item
     * @throws jakarta.validation.ConstraintViolationException when the quantity would leave its bounds: the change
     *                                                         was made, and is rolled back with its publication
     */
    @Transactional
    public Optional<Item> adjust(String sku, int by) {
        return find(sku).map(item -> {
            item.adjust(by);
            return changed(item);
        });
    }

    /** Fires the item's publication, then writes the change, which is when JPA checks the item's constraints. */
    private Item changed(Item item) {
        changes.fire(Publication.to(TOPICS + item.getSku()).type("item").data(JSON.toJson(item)));
        entities.flush();
        return item;
    }
}
