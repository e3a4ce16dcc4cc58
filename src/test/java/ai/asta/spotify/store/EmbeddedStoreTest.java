package ai.asta.spotify.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded store, plus what only a file-backed store must do. */
class EmbeddedStoreTest extends StoreContract {
  private Path dir;

  @Override
  protected KeyValueStore open(Vertx vertx) throws Exception {
    dir = Files.createTempDirectory("asta-embedded").resolve("data");
    return await(EmbeddedKeyValueStore.open(vertx, dir));
  }

  @Test
  void survivesARestart() throws Exception {
    await(kv.set("k1", "v1", 0));
    await(kv.set("k2", "short-lived", 100));
    await(kv.close());
    Thread.sleep(200);
    KeyValueStore reopened = await(EmbeddedKeyValueStore.open(vertx, dir));
    assertThat(await(reopened.get("k1"))).isEqualTo("v1");
    assertThat(await(reopened.get("k2"))).isNull();
    kv = reopened;
  }

  @Test
  void writesOwnerOnlyFilesAndLeavesNoTemporaryFile() throws Exception {
    await(kv.set("k", "v", 0));
    Path file = dir.resolve("store.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(Files.exists(dir.resolve("store.json.tmp"))).isFalse();
  }

  @Test
  void aCrashMidWriteLeavesTheLastCompleteFile() throws Exception {
    await(kv.set("k", "v", 0));
    // A crash between writing the temporary file and renaming it leaves a partial temp file.
    Files.writeString(dir.resolve("store.json.tmp"), "{\"version\":1,\"entr");
    await(kv.close());
    KeyValueStore reopened = await(EmbeddedKeyValueStore.open(vertx, dir));
    assertThat(await(reopened.get("k"))).isEqualTo("v");
    await(reopened.set("k", "v2", 0));
    assertThat(await(reopened.get("k"))).isEqualTo("v2");
    kv = reopened;
  }
}
