package dev.herald.example.inventory;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The inventory over HTTP: items as JSON, changed by forms. Every change is one transaction ({@link Inventory}); a
 * refused one answers 4xx with what to fix, and leaves nothing changed and nothing published.
 */
@Path("items")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    private static final String SKU = "[A-Za-z0-9-]{1,40}";
    private static final int MAX_NAME = 100;

    @Inject
    private Inventory inventory;

    @GET
    public List<Item> all() {
        return inventory.all();
    }

    @GET
    @Path("{sku}")
    public Item one(@PathParam("sku") String sku) {
        return inventory.find(sku).orElseThrow(() -> noItem(sku));
    }

    /** {@code PUT /api/items/{sku}}, form {@code name}, {@code quantity}: creates the item or replaces its values. */
    @PUT
    @Path("{sku}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Item put(@PathParam("sku") String sku, @FormParam("name") String name,
                    @FormParam("quantity") String quantity) {
        if (!sku.matches(SKU)) {
            throw refused(Response.Status.BAD_REQUEST, "sku '" + sku + "' must be 1 to 40 letters, digits or '-'");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw refused(Response.Status.BAD_REQUEST, "name must be given, at most " + MAX_NAME + " characters");
        }
        return inventory.put(sku, name.strip(), integer("quantity", quantity, 0));
    }

    /**
     * {@code POST /api/items/{sku}/adjustments}, form {@code by}: adds to the quantity (or takes away, when negative).
     * The change is made and then checked; one that takes the quantity out of its bounds is rolled back: 409.
     */
    @POST
    @Path("{sku}/adjustments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Item adjust(@PathParam("sku") String sku, @FormParam("by") String by) {
        int amount = integer("by", by, -Item.MAX_QUANTITY);
        try {
            return inventory.adjust(sku, amount).orElseThrow(() -> noItem(sku));
        } catch (ConstraintViolationException e) {
            throw refused(Response.Status.CONFLICT, "item " + sku + " was not changed: after adjusting by " + amount
                    + ", " + e.getConstraintViolations().stream().map(ItemResource::describe)
                    .collect(Collectors.joining("; ")));
        }
    }

    private static String describe(ConstraintViolation<?> violation) {
        return "its " + violation.getPropertyPath() + " " + violation.getInvalidValue() + " " + violation.getMessage();
    }

    private static int integer(String field, String text, int min) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.strip());
            if (value >= min && value <= Item.MAX_QUANTITY) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like a value out of range
        }
        throw refused(Response.Status.BAD_REQUEST, field + " must be a whole number from " + min + " to "
                + Item.MAX_QUANTITY + ", not '" + text + "'");
    }

    private static WebApplicationException noItem(String sku) {
        return refused(Response.Status.NOT_FOUND, "no item " + sku + ": create it with PUT first");
    }

    private static WebApplicationException refused(Response.Status status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.TEXT_PLAIN).entity(message + "\n")
                .build());
    }
}
