package dev.herald.it;

import dev.herald.publish.Publication;
import dev.herald.publish.Publisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Deployed only with {@link TransactionalPublishIT}: application code that fires a {@link Publication} as a CDI event,
 * in a real JTA transaction that it commits or rolls back ({@code none}: outside any transaction). Inside the
 * transaction it also publishes {@code <id>-before-commit} directly, so that a subscriber can tell that the event was
 * held until the commit: that update arrives first.
 */
@Path("probe")
@RequestScoped
public class TransactionProbe {

    @Inject
    private Event<Publication> publications;
    @Inject
    private Publisher publisher;
    @Resource
    private UserTransaction transaction;

    @POST
    @Path("{outcome}")
    public void fire(@PathParam("outcome") String outcome, @QueryParam("topic") String topic,
                     @QueryParam("id") String id) throws Exception {
        Publication publication = Publication.to(topic).id(id).data(outcome);
        if (outcome.equals("none")) {
            publications.fire(publication);
            return;
        }
        transaction.begin();
        try {
            publications.fire(publication);
            publisher.publish(Publication.to(topic).id(id + "-before-commit"));
        } finally {
            if (outcome.equals("commit")) {
                transaction.commit();
            } else {
                transaction.rollback();
            }
        }
    }
}
