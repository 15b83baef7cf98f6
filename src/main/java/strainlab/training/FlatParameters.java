package strainlab.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trainable float32 parameters of one device packed into one flat buffer, so that an optimizer finds all their
 * gradients in one array and updates all of them with one call ({@link KerasRmsProp#update(FlatParameters)}).
 *
 * <p>{@link #pack} copies the parameters into the buffer in list order, each tensor starting at a multiple of
 * {@value #ALIGNMENT} elements (16 bytes, the width of vectorised loads; after a tensor of another size a gap of
 * zeros follows), and makes each parameter's array a view of its part, so evaluation and saving read the buffer.
 * The buffer's own gradient is the flat gradient: {@link #forward} runs a training pass through views of the
 * buffer cut for that pass (one split, and a reshape of each tensor of two or more dimensions), whose backward pass
 * writes all the parameters' gradients into it at once (one concatenation; a gap costs a zero fill). The arrays of
 * the parameters themselves collect no gradient.
 *
 * <p>A parameter whose array is replaced after packing (e.g. by {@code Block.loadParameters}) is no longer part of
 * the buffer, and {@link #forward} fails rather than train a copy that evaluation does not see: load first, then
 * pack. Packing closes the old arrays, so a parameter store that handed them out in a forward pass before packing
 * fails on its next pass: pack before the first one. Not thread-safe.
 */
public final class FlatParameters {
    /** Start of every tensor in the buffer, in elements (16 bytes of float32). */
    public static final int ALIGNMENT = 4;

    private final List<Parameter> parameters;
    private final Shape[] shapes;
    private final long[] offsets;
    private final long[] cuts;
    private final int[] piece;
    private final NDArray values;
    private final NDArray[] bound;
    private final Map<String, Integer> index = new HashMap<>();

    private FlatParameters(List<Parameter> parameters, Shape[] shapes, long[] offsets, long[] cuts, int[] piece,
            NDArray values, NDArray[] bound) {
        this.parameters = parameters;
        this.shapes = shapes;
        this.offsets = offsets;
        this.cuts = cuts;
        this.piece = piece;
        this.values = values;
        this.bound = bound;
        for (int i = 0; i < parameters.size(); i++) {
            index.put(parameters.get(i).getId(), i);
        }
    }

    /**
     * Packs initialised float32 parameters of one device, which require gradients, into a new buffer on the
     * manager of the first one's array; each parameter's array is replaced by a view of the buffer with the same
     * values, name and shape (the old array is closed). Call outside a gradient collector.
     */
    public static FlatParameters pack(List<Parameter> trainable) {
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("no parameters to pack");
        }
        List<Parameter> parameters = List.copyOf(trainable);
        int n = parameters.size();
        NDArray first = parameters.get(0).getArray();
        Device device = first.getDevice();
        NDManager manager = first.getManager();
        Shape[] shapes = new Shape[n];
        long[] offsets = new long[n];
        List<Long> cutList = new ArrayList<>();
        int[] piece = new int[n];
        long end = 0;
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            if (!p.isInitialized() || !p.requiresGradient()) {
                throw new IllegalArgumentException("parameter " + p.getName()
                        + (p.isInitialized() ? " does not require a gradient" : " is not initialised"));
            }
            NDArray a = p.getArray();
            if (a.getDataType() != DataType.FLOAT32 || !a.getDevice().equals(device)) {
                throw new IllegalArgumentException("parameter " + p.getName() + " is " + a.getDataType() + " on "
                        + a.getDevice() + "; all must be float32 on " + device);
            }
            if (parameters.subList(0, i).contains(p)) {
                throw new IllegalArgumentException("parameter " + p.getName() + " is listed twice");
            }
            long start = (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            if (start > end) {
                cutList.add(end);
            }
            shapes[i] = a.getShape();
            offsets[i] = start;
            if (start > 0) {
                cutList.add(start);
            }
            piece[i] = cutList.size();
            end = start + a.size();
        }
        long[] cuts = cutList.stream().mapToLong(Long::longValue).toArray();
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] arrays = new NDArray[n];
            for (int i = 0; i < n; i++) {
                arrays[i] = parameters.get(i).getArray();
            }
            NDArray joined = gather(arrays, shapes, offsets, end, scope);
            NDArray values = joined.stopGradient();
            values.attach(manager);
            values.setRequiresGradient(true);
            NDArray alias = values.stopGradient();
            alias.attach(scope);
            NDArray[] bound = cut(alias, shapes, cuts, piece, manager);
            for (int i = 0; i < n; i++) {
                rebind(parameters.get(i), bound[i], manager);
            }
            return new FlatParameters(parameters, shapes, offsets, cuts, piece, values, bound);
        }
    }

    /**
     * One concatenation of {@code arrays} (null: zeros) flattened at {@code offsets}, zeros in the gaps, on
     * {@code into}.
     */
    private static NDArray gather(NDArray[] arrays, Shape[] shapes, long[] offsets, long size, NDManager into) {
        try (NDManager scope = into.newSubManager()) {
            List<NDArray> parts = new ArrayList<>();
            long end = 0;
            for (int i = 0; i < arrays.length; i++) {
                if (offsets[i] > end) {
                    parts.add(scope.zeros(new Shape(offsets[i] - end)));
                }
                long n = shapes[i].size();
                if (arrays[i] != null && arrays[i].size() != n) {
                    throw new IllegalArgumentException("array " + i + " has " + arrays[i].size()
                            + " values, its parameter " + n);
                }
                NDArray part = arrays[i] == null ? scope.zeros(new Shape(n)) : arrays[i].reshape(n);
                part.attach(scope);
                parts.add(part);
                end = offsets[i] + n;
            }
            if (size > end) {
                parts.add(scope.zeros(new Shape(size - end)));
            }
            NDArray joined = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(new NDList(parts));
            joined.attach(into);
            return joined;
        }
    }

    /**
     * An array laid out like the buffer from one array per parameter in packing order ({@code null}: zeros), on
     * {@code manager}: one concatenation.
     */
    NDArray gather(NDArray[] perParameter, NDManager manager) {
        if (perParameter.length != shapes.length) {
            throw new IllegalArgumentException(perParameter.length + " arrays for " + shapes.length + " parameters");
        }
        return gather(perParameter, shapes, offsets, values.size(), manager);
    }

    /** Replaces the parameter's array by {@code view} through its initialiser, the one public way to set it. */
    private static void rebind(Parameter p, NDArray view, NDManager manager) {
        Initializer initializer = p.getInitializer();
        p.close();
        p.setInitializer((m, shape, type) -> view);
        try {
            p.initialize(manager, DataType.FLOAT32);
        } finally {
            p.setInitializer(initializer);
        }
    }

    /**
     * One view per parameter of {@code flat} (laid out like the buffer), shaped like the parameter, on {@code into}:
     * one split and a reshape of each tensor of two or more dimensions.
     */
    private static NDArray[] cut(NDArray flat, Shape[] shapes, long[] cuts, int[] piece, NDManager into) {
        NDArray[] views = new NDArray[shapes.length];
        try (NDManager pieces = flat.getManager().newSubManager()) {
            NDList parts = cuts.length == 0 ? new NDList(flat.reshape(-1)) : flat.split(cuts);
            parts.attach(pieces);
            for (int i = 0; i < shapes.length; i++) {
                NDArray p = parts.get(piece[i]);
                views[i] = shapes[i].dimension() == 1 ? p : p.reshape(shapes[i]);
                views[i].attach(into);
            }
        }
        return views;
    }

    /**
     * Views of an array laid out like the buffer (e.g. an optimizer's accumulator), one per parameter in packing
     * order and shaped like it, on the array's manager.
     */
    NDArray[] viewsOf(NDArray flat) {
        if (flat.size() != values.size()) {
            throw new IllegalArgumentException("array of " + flat.size() + " elements, the buffer has "
                    + values.size());
        }
        return cut(flat, shapes, cuts, piece, flat.getManager());
    }

    /**
     * The buffer: a 1-D array that requires a gradient; after a backward pass of {@link #forward} its gradient
     * holds every parameter's gradient at the parameter's offset (zeros in the gaps).
     */
    public NDArray values() {
        return values;
    }

    /** The packed parameters in buffer order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Offset of parameter {@code i} (packing order) in the buffer, in elements. */
    public long offset(int i) {
        return offsets[i];
    }

    /** True when this buffer packs exactly {@code list}, in that order. */
    public boolean packs(List<Parameter> list) {
        if (list.size() != parameters.size()) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != parameters.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A training forward pass of {@code block} (which owns the packed parameters) on {@code inputs}: each packed
     * parameter is a view of the buffer cut for this pass, so its gradient flows into the buffer's gradient; other
     * parameters (e.g. batch-normalisation statistics) are used as they are. Call inside a gradient collector. The
     * views and the result live on the manager of the first input.
     *
     * @throws IllegalStateException when a parameter's array is no longer the view {@link #pack} gave it
     */
    public NDList forward(Block block, NDList inputs) {
        for (int i = 0; i < bound.length; i++) {
            if (parameters.get(i).getArray() != bound[i]) {
                throw new IllegalStateException("parameter " + parameters.get(i).getName()
                        + " was replaced after packing; pack the parameters again");
            }
        }
        NDManager scope = inputs.head().getManager();
        return block.forward(new Views(scope, cut(values, shapes, cuts, piece, scope)), inputs, true);
    }

    /** Hands the blocks the views of one training pass for packed parameters, the arrays themselves otherwise. */
    private final class Views extends ParameterStore {
        private final NDArray[] views;

        Views(NDManager manager, NDArray[] views) {
            super(manager, false);
            this.views = views;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null;
            }
            Integer i = index.get(parameter.getId());
            NDArray array = i == null ? parameter.getArray() : views[i];
            if (!array.getDevice().equals(device)) {
                throw new IllegalStateException("parameter " + parameter.getName() + " is on " + array.getDevice()
                        + ", the pass runs on " + device);
            }
            return array;
        }
    }
}
