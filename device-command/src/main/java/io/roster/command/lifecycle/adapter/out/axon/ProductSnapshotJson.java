package io.roster.command.lifecycle.adapter.out.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.roster.command.lifecycle.domain.Product;

/**
 * The JSON of a {@link Product} snapshot, as a Jackson mix-in, so that the domain carries no Jackson: registered
 * with the application's ObjectMapper, the one Axon's serializer writes and reads snapshots with.
 *
 * <p>A snapshot holds the aggregate's fields by name: its codes and CA certificates, a few hundred bytes however
 * many devices the product has (their records are kept apart, {@code lifecycle.adapter.out.records}). A change to
 * this shape is a new {@link Product#SNAPSHOT_REVISION}.
 */
public final class ProductSnapshotJson extends SimpleModule {

    public ProductSnapshotJson() {
        super(ProductSnapshotJson.class.getSimpleName());
        setMixInAnnotation(Product.class, ProductMixIn.class);
    }

    /** The aggregate's fields, whatever their visibility, and none of its methods. */
    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    private abstract static class ProductMixIn {
    }
}
