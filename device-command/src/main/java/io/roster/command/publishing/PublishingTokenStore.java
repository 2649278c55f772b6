package io.roster.command.publishing;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import java.util.List;
import java.util.Optional;

/**
 * The processors' token store, with one rule added: the publisher's token is stored only after Kafka
 * acknowledged every record of the batch. It works whether or not the store is transactional (the
 * MongoDB token store is not), which is why the rule lives here and not in a commit hook.
 */
public class PublishingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final KafkaEventPublisher publisher;

    public PublishingTokenStore(TokenStore delegate, KafkaEventPublisher publisher) {
        this.delegate = delegate;
        this.publisher = publisher;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        if (KafkaEventPublisher.PROCESSING_GROUP.equals(processorName)) {
            publisher.awaitAcknowledgements();
        }
        delegate.storeToken(token, processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    /**
     * Called as a processor claims a segment. The publisher may have lost its claim meanwhile to another instance,
     * which published more: what Kafka holds is read again before the first event after the claim.
     */
    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        claiming(processorName);
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, org.axonframework.eventhandling.Segment segment) {
        claiming(processorName);
        return delegate.fetchToken(processorName, segment);
    }

    private void claiming(String processorName) {
        if (KafkaEventPublisher.PROCESSING_GROUP.equals(processorName)) {
            publisher.forgetPublished();
        }
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<org.axonframework.eventhandling.Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
