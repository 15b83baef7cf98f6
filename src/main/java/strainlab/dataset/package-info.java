/**
 * Training sets on disk; their DJL view ({@code strainlab.training.ShardedDjlDataset}) is in the training package.
 *
 * <ul>
 *   <li>{@link strainlab.dataset.CurveSource}: the contract of an example generator, (seed, index) → (input,
 *       labels); implemented by the XRD recipes ({@code strainlab.dataset.recipe}) and the nanobeam
 *       simulator.</li>
 *   <li>{@link strainlab.dataset.DatasetWriter}: parallel, deterministic, atomic and resumable generation
 *       into shards of float32 with a JSON {@link strainlab.dataset.Manifest} (format version 1: see
 *       {@link strainlab.dataset.ShardHeader} and {@code docs/dataset-format.md}).</li>
 *   <li>{@link strainlab.dataset.ShardedDataset}: the memory-mapped reader (checksums verified lazily or
 *       eagerly), label statistics, {@link strainlab.dataset.DatasetSplit seeded splits} and the
 *       {@link strainlab.dataset.LabelTransform} a batch reader applies.</li>
 *   <li>{@link strainlab.dataset.DatasetSummary}: manifest facts and a Tablesaw table of label statistics.</li>
 * </ul>
 */
package strainlab.dataset;
