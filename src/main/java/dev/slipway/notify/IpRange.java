package dev.slipway.notify;

import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/** A CIDR range such as {@code 10.20.0.0/16} or {@code fd00::/8}; a bare address is a range of one. */
record IpRange(byte[] network, int prefix) {

    /** The range an entry of {@code slipway.notify.allowed-hosts} denotes, or null when the entry is a host name. */
    static @Nullable IpRange parse(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress parsed = HostAddresses.literal(address).orElse(null);
        if (parsed == null) {
            if (slash >= 0) {
                throw new IllegalArgumentException(notARange(entry));
            }
            return null;
        }
        byte[] bytes = parsed.getAddress();
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(notARange(entry));
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException(notARange(entry));
        }
        return new IpRange(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static String notARange(String entry) {
        return "slipway.notify.allowed-hosts: '" + entry + "' is neither a host name nor a CIDR range such as 10.0.0.0/8";
    }
}
