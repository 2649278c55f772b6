package io.roster.devstack;

/**
 * The fixed port layout of one region: region 1 uses 8081-8084 for the services, 8085 for device-command's decision
 * port, Kafka 9092, MongoDB 27017 and PostgreSQL 5433; every further region adds 100; a port offset shifts them all.
 *
 * @param region the region's name, {@code region-1} or {@code region-2}
 */
public record RegionPorts(String region, int kafka, int mongo, int postgres, int firstService) {

    private static final int REGION_STRIDE = 100;

    /**
     * @param number     the region's number, from 1
     * @param portOffset added to every port
     */
    public static RegionPorts of(int number, int portOffset) {
        if (number < 1) {
            throw new IllegalArgumentException("regions are numbered from 1");
        }
        int shift = (number - 1) * REGION_STRIDE + portOffset;
        return new RegionPorts("region-" + number, 9092 + shift, 27017 + shift, 5433 + shift, 8081 + shift);
    }

    /** The HTTP port of {@code service}. */
    public int service(Service service) {
        return firstService + service.ordinal();
    }

    /** device-command's decision port: connect and EMQX decisions, after the services' ports. */
    public int decisions() {
        return firstService + Service.values().length;
    }

    /** Every port of the region, services first. */
    public int[] all() {
        return all(1);
    }

    /** Every port of the region with {@code commandInstances} device-command instances (each further one adds 10). */
    public int[] all(int commandInstances) {
        int[] base = {
            service(Service.DEVICE_COMMAND), service(Service.DEVICE_QUERY),
            service(Service.ACTIVATION_LEDGER), service(Service.REGION_SYNC), decisions(), kafka, mongo, postgres};
        int[] all = java.util.Arrays.copyOf(base, base.length + 2 * (commandInstances - 1));
        for (int instance = 2; instance <= commandInstances; instance++) {
            int shift = (instance - 1) * RegionEndpoints.INSTANCE_PORT_STRIDE;
            all[base.length + 2 * (instance - 2)] = service(Service.DEVICE_COMMAND) + shift;
            all[base.length + 2 * (instance - 2) + 1] = decisions() + shift;
        }
        return all;
    }
}
