package strainlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScaleTest {
    private static final String PROPERTY = "strainlab.scale";

    @AfterEach
    void clearProperty() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void parsesBothNamesCaseInsensitively() {
        assertEquals(Scale.QUICK, Scale.parse("quick"));
        assertEquals(Scale.QUICK, Scale.parse(" QUICK "));
        assertEquals(Scale.PAPER, Scale.parse("Paper"));
    }

    @Test
    void rejectsOtherValuesNamingTheVariableAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
        assertTrue(e.getMessage().contains(Scale.ENV), e.getMessage());
        assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
    }

    @Test
    void systemPropertyOverridesTheEnvironment() {
        System.setProperty(PROPERTY, "paper");
        assertEquals(Scale.PAPER, Scale.current());
        System.setProperty(PROPERTY, "quick");
        assertEquals(Scale.QUICK, Scale.current());
    }

    @Test
    void defaultFollowsTheEnvironmentVariableElseQuick() {
        String env = System.getenv(Scale.ENV);
        Scale expected = env == null || env.isBlank() ? Scale.QUICK : Scale.parse(env);
        assertEquals(expected, Scale.current());
        System.setProperty(PROPERTY, "  ");
        assertEquals(expected, Scale.current());
    }

    @Test
    void picksTheValueOfTheScale() {
        assertEquals(5, Scale.QUICK.pick(5, 1_500_000));
        assertEquals(1_500_000, Scale.PAPER.pick(5, 1_500_000));
        assertEquals("q", Scale.QUICK.pick("q", "p"));
        assertEquals("p", Scale.PAPER.pick("q", "p"));
    }
}
