/**
 * The training core both networks use: {@link strainlab.training.EpochLoop} (epochs, best-epoch keeping,
 * checkpoint cadence, interrupts) over a model's {@link strainlab.training.EpochLoop.Step}, the resumable
 * {@link strainlab.training.TrainingState} in a CRC-checked {@link strainlab.training.Checkpoint}, the learning-rate
 * schedules, the fused optimisers ({@link strainlab.training.FlatOptimizer}: {@link strainlab.training.KerasRmsProp}
 * and {@link strainlab.training.AdamW} over the parameters packed in one {@link strainlab.training.FlatParameters}
 * buffer, {@link strainlab.training.FlatAdam} over one flat vector: an update is one native call of
 * {@link strainlab.training.AdamKernel} whatever the number of parameter tensors), device and data placement, progress lines,
 * {@link strainlab.training.TrainingListener listeners} and the DJL view of a sharded data set. Trainers return
 * data; drawing is left to the caller.
 */
package strainlab.training;
