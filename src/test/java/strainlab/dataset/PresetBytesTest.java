package strainlab.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import strainlab.dataset.recipe.PaperRecipe;
import strainlab.dataset.recipe.ParameterRanges;

/**
 * The presets' training sets are pinned byte for byte: 150 curves (seed 7, shards of 50) of each preset with
 * honest and published noise must reproduce the SHA-256 of every shard and of the manifest recorded when the
 * sets were first written. Any change of sampling, physics, instrument or rescaling shows up here.
 */
class PresetBytesTest {
    private static final int COUNT = 150;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "cnn1, honest, d3b50a0353e8be3961567a8b44289b013ea935ae0e71c997a525c1e614dacb4d, 26c55b8471c019b2d43af080b447b1a99ad721b016f637202df665e945146cdc, 84096f69539df805ad6d648751c01b4c4553f9d54a3150a92c3b050a71f1cc4d, ca73ad934310a5c731dd0487c8a1640adb2a56cae0c6a52cfa2e918ecaed9fae",
        "cnn1, published, 0fc8f0203e9dc454e664981841f0fac841e6b389341d25b033ee031cba7f7c27, ee792c0cb8c29487401d98e7a1d31bae76c7856f655dcd2f944bce36821d95a7, 91eafcba4ec2b69744952fa6c4c6aa3381a3e8bf796db6b9565f74e69388ddcf, ac018ce837a4f01e77ec73e33123ef73c2325cd75bcdeb1f899a015c36f0b4c6",
        "cnn2, honest, 8c416c2588bf13a91f8cf158d1748d2abbec491a34651e4b55d73235184ed52d, fc4461528155df896a16aed9f7112e1ab0ec804172fe5d2b583ddcb73ae8cdd9, 71f280d66b6b78620b984acd795efe563c6197082a92362d5728a40077c841f3, 1076c530734d6d71a96e5ae8bab623abb792677e4917cff732f0f8deb2f42d30",
        "cnn2, published, db84ba46c33ad227f14cc42b77cde8dccc64edfb4f5c6386bd3df2faa3536829, 1173ed000b1f25eb6ebb396f6474d28f5642a2f6250eb6a4dd0e6d41a0a5ee7b, bce08743ebee18263bf2465eeacab58cea17e40974bb8351ce44ce767e059455, a7e11def7d4066bc96b2c2d1e69dbb98c8d178c002357b2b6af2b71ab285d7b3",
        "cnn3, honest, 510ab4139dbd84d46aa8dbb2a09267291ef0aea904091913b52e16030ba836be, 72599cda071eff0c7f3506988316b7e6ed05842082dc99d1e004cc8609178b29, 1b524f7b650d5c6dc63a3cbaea98e10bbc2fbb92d2e143b45ca286e5cdd23340, bfeb464475846d437d5d9d25a423382652cb1ac8aa6eb6103e145efe16a94120",
        "cnn3, published, f2d3a8a42d715f0d571ac988194b867f06e2803cbbaa0e1d54a23b703e05ee7c, 2bbd7a49bfb09f1a915bf63f58e74200b5428cfd28738c662805098688279851, 30c910dcdbea4542111ae9232bc45db142153cb3a0662ca2c7e7d7b802b8962e, 6d5a25f4885649b586be0b16939a0fc4b5147f77ab202f74d9eca3899516b12d",
        "cnn3-401, honest, 9aed33f2e7b6dff5b3d51504d81cd268e6630b147a0c0fc2765f47b7304df531, d944ea285be4d852a6215cc11d8d085720f46265990969a62ed0f7f8878a9cdc, 530e031c9bf1b0aebacd3cffa2463e357a05f973d16902e4a5fc47bf110038ae, 4241aae47d773d30a2a6d79e7b707a193b510560fff8bef5da8449aa79769935",
        "cnn3-401, published, 26f5b1680dbc7991a8edc33f21f0059a8584dd93101565841c382a7b2e44fb24, a72ccfcaaaaa1a2ffd3cf39824614f1597d51216f168cf391a53f3c1083980bb, 15ade3ef85bf4e4a9aa21f047d7d31ca9d7ef6ca9015c22473a772718339088b, ece782c1668ccd68454064cd27e5252440138d62220c2867bbdd1e61c94b8954",
    })
    void presetShardsKeepTheirBytes(String preset, String noise, String manifest, String shard0, String shard1,
                                    String shard2) throws IOException {
        Path dir = tmp.resolve(preset + "-" + noise);
        PaperRecipe recipe = new PaperRecipe(ParameterRanges.preset(preset), PaperRecipe.Noise.ofMode(noise));
        DatasetWriter.of(recipe).seed(7).count(COUNT).shardSize(COUNT / 3)
                .threads(Runtime.getRuntime().availableProcessors()).write(dir);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("manifest.json", manifest);
        expected.put("shard-00000.bin", shard0);
        expected.put("shard-00001.bin", shard1);
        expected.put("shard-00002.bin", shard2);
        Map<String, String> actual = new LinkedHashMap<>();
        for (Path f : files(dir)) {
            if (f.getFileName().toString().startsWith(".")) {
                continue;
            }
            actual.put(f.getFileName().toString(), sha256(f));
        }
        assertEquals(expected, actual);
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
