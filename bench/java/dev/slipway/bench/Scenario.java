package dev.slipway.bench;

import java.util.List;

/**
 * A kind of request a user makes of the services list. Its probes take turns, so a search scenario
 * asks for different terms rather than one cached answer.
 */
record Scenario(String name, String request, List<Probe> probes) {

    Probe probe(int request) {
        return probes.get(request % probes.size());
    }
}
