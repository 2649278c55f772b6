package io.roster.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.ArrayList;
import java.util.List;

/** activation-ledger: activation codes per product and per device key, fed from the event topic. */
@SpringBootApplication
public class LedgerApplication {

    /** {@code --rebuild} clears the ledger and reads the topic again from its start once the service is up. */
    static final String REBUILD_FLAG = "--rebuild";

    public static void main(String[] args) {
        SpringApplication.run(LedgerApplication.class, withFlags(args));
    }

    /** The arguments with {@value #REBUILD_FLAG} turned into the property it stands for. */
    static String[] withFlags(String[] args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            out.add(REBUILD_FLAG.equals(arg) ? "--roster.ledger.rebuild-on-start=true" : arg);
        }
        return out.toArray(String[]::new);
    }
}
