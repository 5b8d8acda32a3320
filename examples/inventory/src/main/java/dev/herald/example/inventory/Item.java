package dev.herald.example.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A stock item. Its rules are Bean Validation constraints, which JPA checks when the change is written (flushed): a
 * change that breaks one fails after it was made, and its transaction rolls back.
 */
@Entity
public class Item {

    /** The most of one item the inventory holds; with {@link ItemResource}'s bounds no sum can overflow. */
    public static final int MAX_QUANTITY = 1_000_000;

    @Id
    private String sku;
    private String name;
    @PositiveOrZero(message = "must not fall below 0")
    @Max(value = MAX_QUANTITY, message = "must not rise above " + MAX_QUANTITY)
    private int quantity;

    protected Item() {
    }

    public Item(String sku, String name, int quantity) {
        this.sku = sku;
        this.name = name;
        this.quantity = quantity;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public int getQuantity() {
        return quantity;
    }

    void rename(String name) {
        this.name = name;
    }

    void setQuantity(int quantity) {
        this.quantity = quantity;
    }

    void adjust(int by) {
        quantity += by;
    }
}
