/**
 * The data model of vseg: {@link io.vseg.api.Image} and {@link io.vseg.api.Frame} in,
 * {@link io.vseg.api.Features} and {@link io.vseg.api.Segmentation} out, the {@link io.vseg.api.Plan} a
 * scheduler chooses per frame, the {@link io.vseg.api.KeyState} a propagator carries over, and the
 * {@link io.vseg.api.FrameContext} through which components share flow and features within a frame.
 */
package io.vseg.api;
