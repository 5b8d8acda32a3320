package dev.herald.publish;

import dev.herald.hub.Hub;
import dev.herald.hub.Update;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishing from Java code in the same application: inject it and call {@link #publish}, or fire a
 * {@link Publication} as a CDI event, which is published only after the transaction it was fired in commits (and not
 * at all when it rolls back; at once when there is none). No token is needed: code in the application is trusted as
 * the application itself.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class.getName());

    private Hub hub;

    protected Publisher() {
    }

    @Inject
    public Publisher(Hub hub) {
        this.hub = hub;
    }

    /**
     * Publishes the update now.
     *
     * @return its id: the publication's, or the one the hub made
     * @throws IllegalArgumentException                naming the field that breaks a rule of updates
     * @throws dev.herald.hub.DuplicateIdException     when an update with the same id is still kept
     * @throws dev.herald.hub.HubOverloadedException   when updates are published faster than they are delivered
     * @throws dev.herald.hub.HubUnavailableException  when the cluster's Redis did not take it in time
     */
    public String publish(Publication publication) {
        Update update = Update.of(publication.id(), publication.topics(), publication.data(), publication.isPrivate(),
                publication.type(), publication.retry());
        hub.publish(update);
        return update.id();
    }

    /**
     * Publishes a fired {@link Publication} once its transaction has committed. The transaction is over by then, so a
     * failure cannot undo it or reach the code that fired the event: it is logged, with the publication's topics.
     */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Publication publication) {
        try {
            publish(publication);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "A committed publication to " + publication.topics() + " could not be published: "
                    + e.getMessage(), e);
        }
    }
}
