package dev.slipway.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may be sent: http or https URLs, with no user-info, whose host is public — neither
 * is nor resolves to a loopback, link-local, private, unique-local, unspecified, multicast or reserved
 * address — unless an operator listed the host name, or a range holding its addresses, in
 * {@code slipway.notify.allowed-hosts}. Asked when a webhook is saved, and again when each delivery is
 * sent, on the very address the delivery then connects to (a name may resolve elsewhere by then).
 */
@Component
class DestinationPolicy {

    private static final String WHAT_TO_DO = "Slipway sends webhooks only to public addresses. Use the endpoint's "
            + "public URL, or ask an operator to add the host to slipway.notify.allowed-hosts";

    private final HostResolver resolver;
    private final Set<String> allowedNames;
    private final List<IpRange> allowedRanges;

    @Autowired
    DestinationPolicy(NotifyProperties properties) {
        this(properties, HostResolver.SYSTEM);
    }

    DestinationPolicy(NotifyProperties properties, HostResolver resolver) {
        this.resolver = resolver;
        var ranges = new ArrayList<IpRange>();
        var names = new ArrayList<String>();
        for (String entry : properties.allowedHosts()) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            IpRange range = IpRange.parse(e);
            if (range != null) {
                ranges.add(range);
            } else {
                names.add(normalised(e));
            }
        }
        this.allowedRanges = List.copyOf(ranges);
        this.allowedNames = Set.copyOf(names);
    }

    /**
     * Why a webhook may not be saved with this http(s) URL, or empty when it may. A host name that does not
     * resolve now is let through: delivery checks it again.
     */
    Optional<String> refusalToSave(URI url) {
        if (url.getRawUserInfo() != null) {
            return Optional.of(userInfo());
        }
        String host = url.getHost();
        if (allowedNames.contains(normalised(host))) {
            return Optional.empty();
        }
        Optional<InetAddress> literal = HostAddresses.literal(host);
        InetAddress[] addresses;
        if (literal.isPresent()) {
            addresses = new InetAddress[] {literal.get()};
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return refusal(host, literal.isPresent(), addresses);
    }

    /** Resolves the URL's host once and returns the address to connect to, if every address it has is allowed. */
    InetAddress addressToSend(URI url) throws RefusedDestination, UnknownHostException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new RefusedDestination("Refused: not an http:// or https:// URL");
        }
        if (url.getRawUserInfo() != null) {
            throw new RefusedDestination("Refused: the URL " + userInfo());
        }
        String host = url.getHost();
        Optional<InetAddress> literal = HostAddresses.literal(host);
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(host);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!allowedNames.contains(normalised(host))) {
            Optional<String> refusal = refusal(host, literal.isPresent(), addresses);
            if (refusal.isPresent()) {
                throw new RefusedDestination("Refused: the URL " + refusal.get());
            }
        }
        return addresses[0];
    }

    private Optional<String> refusal(String host, boolean literal, InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            if (allowedRanges.stream().anyMatch(r -> r.contains(address))) {
                continue;
            }
            Optional<String> kind = HostAddresses.nonPublic(address);
            if (kind.isPresent()) {
                String where = literal ? "points at " + address.getHostAddress()
                        : "has a host, " + host + ", that resolves to " + address.getHostAddress();
                return Optional.of(where + ", " + kind.get() + ". " + WHAT_TO_DO + ".");
            }
        }
        return Optional.empty();
    }

    private static String userInfo() {
        return "must not contain a user name or password before the host (user@host): give the host alone, "
                + "e.g. https://hooks.example.com/slipway";
    }

    private static String normalised(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
