package dev.slipway.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads IP address literals the way resolvers do, and says which addresses are not on the public
 * internet. IPv4 literals are read as {@code inet_aton} reads them ({@code 127.1}, {@code 2130706433},
 * {@code 0x7f.0.0.1}, {@code 0177.0.0.1}), since that is how a system resolver would turn them into an
 * address.
 */
final class HostAddresses {

    private HostAddresses() {
    }

    /** The address a URL host denotes by itself, with no DNS: an IPv4 literal in any spelling, or a bracketed IPv6 one. */
    static Optional<InetAddress> literal(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            try {
                return Optional.of(InetAddress.getByName(h)); // a string with ':' is parsed, never looked up
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return ipv4(h);
    }

    private static Optional<InetAddress> ipv4(String host) {
        if (host.isEmpty() || !Character.isDigit(host.charAt(0))) {
            return Optional.empty();
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long value = number(parts[i].toLowerCase(Locale.ROOT));
            if (value == null) {
                return Optional.empty();
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (32 - 8 * (values.length - 1))) {
            return Optional.empty();
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static @Nullable Long number(String part) {
        try {
            if (part.startsWith("0x")) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What kind of non-public address this is (e.g. "a loopback address"), or empty for a public one. */
    static Optional<String> nonPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return nonPublic(embedded.get()).or(() -> Optional.of("an IPv6 address that embeds an IPv4 one"));
            }
            if (address.isAnyLocalAddress()) {
                return Optional.of("the unspecified address");
            }
            if (address.isLoopbackAddress()) {
                return Optional.of("a loopback address");
            }
            if (address.isLinkLocalAddress()) {
                return Optional.of("a link-local address");
            }
            if (address.isMulticastAddress()) {
                return Optional.of("a multicast address");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique-local (private) address");
            }
            // Only 2000::/3 is global unicast; within it, documentation and IETF protocol ranges are not reachable hosts.
            boolean global = (b[0] & 0xe0) == 0x20;
            boolean documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8;
            boolean protocol = b[0] == 0x20 && b[1] == 0x01 && (b[2] & 0xfe) == 0;
            boolean sixToFour = b[0] == 0x20 && b[1] == 0x02;
            return global && !documentation && !protocol && !sixToFour ? Optional.empty()
                    : Optional.of("a reserved IPv6 address");
        }
        byte[] b = address.getAddress();
        int a = b[0] & 0xff;
        int c = b[1] & 0xff;
        if (a == 0) {
            return Optional.of(address.isAnyLocalAddress() ? "the unspecified address" : "a reserved address");
        }
        if (a == 127) {
            return Optional.of("a loopback address");
        }
        if (a == 169 && c == 254) {
            return Optional.of("a link-local address (cloud metadata lives here)");
        }
        if (a == 10 || (a == 172 && c >= 16 && c <= 31) || (a == 192 && c == 168)) {
            return Optional.of("a private address");
        }
        if (a == 100 && c >= 64 && c <= 127) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        if (a >= 224 && a <= 239) {
            return Optional.of("a multicast address");
        }
        if (a >= 240 || (a == 192 && c == 0 && (b[2] & 0xff) <= 2) || (a == 198 && (c == 18 || c == 19))
                || (a == 198 && c == 51 && (b[2] & 0xff) == 100) || (a == 203 && c == 0 && (b[2] & 0xff) == 113)
                || (a == 192 && c == 88 && (b[2] & 0xff) == 99)) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    // IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96) and NAT64 (64:ff9b::/96) forms all reach an IPv4 address.
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0 && !(isZeroFrom(b, 12) || isLoopbackTail(b));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isZeroFrom(byte[] b, int from) {
        return isZero(b, from, b.length);
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopbackTail(byte[] b) {
        return isZero(b, 12, 15) && b[15] == 1;
    }
}
