package strainlab.nanobeam.net;

import ai.djl.Device;
import java.util.Locale;

/**
 * How the grouped trainer runs each member's convolutions (the maths is the same; only speed differs by engine and
 * device). {@link #GROUPED}: one grouped convolution per layer for all members (fewest kernel launches).
 * {@link #PER_MEMBER}: G ordinary convolutions per layer on the members' channel slices. {@link #MIXED}: per member
 * where a member has fewer than {@value #SMALL_INPUT_CHANNELS} input channels (the first three layers, where
 * PyTorch 2.5's CPU grouped backward pass is pathologically slow), grouped elsewhere. {@link #AUTO}: MIXED on a
 * CPU, GROUPED on a GPU.
 */
public enum ConvLayout {
    AUTO, GROUPED, MIXED, PER_MEMBER;

    /** Input channels per member below which {@link #MIXED} runs a layer per member. */
    public static final int SMALL_INPUT_CHANNELS = 8;

    /** The concrete layout for a device ({@link #AUTO} resolved). */
    public ConvLayout resolve(Device device) {
        if (this != AUTO) {
            return this;
        }
        return Device.Type.CPU.equals(device.getDeviceType()) ? MIXED : GROUPED;
    }

    /** Whether a layer whose members have {@code inputChannels} input channels each runs per member. */
    boolean perMember(int inputChannels) {
        return this == PER_MEMBER || this == MIXED && inputChannels < SMALL_INPUT_CHANNELS;
    }

    /** Parses {@code auto}, {@code grouped}, {@code mixed} or {@code per-member}; the error lists them. */
    public static ConvLayout parse(String s) {
        String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ConvLayout c : values()) {
            if (c.name().equals(k)) {
                return c;
            }
        }
        throw new IllegalArgumentException("conv layout must be auto, grouped, mixed or per-member, got '" + s + "'");
    }

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
