package io.vseg.plugin.grfp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.vseg.learn.FlowWarp;
import java.util.ArrayList;
import java.util.List;

/**
 * The STGRU run over windows of consecutive frames, as trained: the state starts as the first frame's scores and
 * is carried from frame to frame, warped along the backward flow ({@link FlowWarp}, sampling as the fuser's
 * {@code Tensors.warp}), through one {@link StgruCell}:
 * <pre>
 * h_0 = x_0
 * h_t = cell(x_t, warp(h_{t-1}, F_t), e_t)
 * </pre>
 * Inputs {@code [x, flow, error]}: x (B, L, C, H, W), the backward flow of each frame to the one before
 * (B, L, 2, H, W) and the warping error of the frames (B, L, 1, H, W), all on the scores' grid. Output h_1..h_{L-1}
 * (B, L-1, C, H, W). The fuser runs the same cell one frame at a time.
 */
final class GrfpSequence extends AbstractBlock {
    private static final byte VERSION = 1;

    private final StgruCell cell;

    GrfpSequence(StgruCell cell) {
        super(VERSION);
        this.cell = addChildBlock("cell", cell);
    }

    StgruCell cell() {
        return cell;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray flow = inputs.get(1);
        NDArray error = inputs.get(2);
        long length = x.getShape().get(1);
        NDArray state = x.get(":, 0");
        List<NDArray> out = new ArrayList<>();
        for (long t = 1; t < length; t++) {
            NDArray warped = FlowWarp.warp(state, flow.get(":, " + t));
            state = cell.forward(ps, new NDList(x.get(":, " + t), warped, error.get(":, " + t)), training)
                    .singletonOrThrow();
            out.add(state);
        }
        return new NDList(NDArrays.stack(new NDList(out), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1) - 1, x.get(2), x.get(3), x.get(4))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        if (inputShapes.length != 3 || x.dimension() != 5) {
            throw new IllegalArgumentException("inputs: x (B, L, C, H, W), flow and error expected");
        }
        Shape frame = new Shape(x.get(0), x.get(2), x.get(3), x.get(4));
        cell.initialize(manager, dataType, frame, frame, new Shape(x.get(0), 1, x.get(3), x.get(4)));
    }
}
