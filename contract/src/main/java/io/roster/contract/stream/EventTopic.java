package io.roster.contract.stream;

/** Names shared by the publisher and every consumer of the event topic. */
public final class EventTopic {

    /** The topic every event goes to. Its retention must be unlimited: it is the replay source. */
    public static final String DEFAULT_NAME = "device.events";

    public static final String HEADER_TYPE = "roster-type";
    public static final String HEADER_REGION = "roster-region";
    public static final String HEADER_AGGREGATE_ID = "roster-aggregate-id";
    public static final String HEADER_SEQUENCE = "roster-seq";

    private EventTopic() {
    }
}
