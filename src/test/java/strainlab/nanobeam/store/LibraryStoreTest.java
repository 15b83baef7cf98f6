package strainlab.nanobeam.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.DatasetWriter;
import strainlab.dataset.GenerationProgress;
import strainlab.nanobeam.sim.LibraryData;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;

class LibraryStoreTest {
    @Test
    void storedLibraryReadsBackAsGeneratedAndResumes(@TempDir Path dir) throws Exception {
        NanobeamLibrary lib = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(4), 7, 2);
        DatasetWriter.Report r = LibraryStore.write(lib, 9, dir, 2, 20, GenerationProgress.SILENT);
        assertEquals(4, r.shardsWritten());
        LibraryData back = LibraryStore.read(dir);
        LibraryData mem = lib.materialise(9, true, 1, null);
        assertArrayEquals(mem.images(), back.images());
        assertArrayEquals(mem.labels(), back.labels());
        DatasetWriter.Report again = LibraryStore.write(lib, 9, dir, 1, 20, GenerationProgress.SILENT);
        assertEquals(0, again.shardsWritten());
        assertEquals(4, again.shardsKept());
    }
}
