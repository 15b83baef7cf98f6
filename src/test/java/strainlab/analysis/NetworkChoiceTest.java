package strainlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkChoiceTest {
    private static List<String> names(NetworkChoice c) {
        return c.candidates().stream().map(x -> x.model().dir().getFileName().toString()).sorted().toList();
    }

    @Test
    void theShippedNetworksAreChosenByTheNoiseTheyWereTrainedOn() throws Exception {
        try (NetworkChoice honest = NetworkChoice.select(null);
                NetworkChoice published = NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "published");
                NetworkChoice all = NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "all")) {
            assertEquals(List.of("cnn1-1500k-gpu", "cnn2-1500k-gpu", "cnn3-1500k-gpu"), names(honest));
            assertTrue(honest.description().contains("cnn2-published-1500k-gpu (trained on published noise)"),
                    honest.description());
            assertFalse(names(published).isEmpty());
            assertTrue(published.candidates().stream().allMatch(c -> c.model().noise().equals("published")));
            assertEquals(names(honest).size() + names(published).size(), names(all).size());
        }
        assertThrows(IllegalArgumentException.class,
                () -> NetworkChoice.scan(NetworkChoice.shippedFolder(), false, "loud"));
    }
}
