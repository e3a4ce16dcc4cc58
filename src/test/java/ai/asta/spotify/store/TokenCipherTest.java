package ai.asta.spotify.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  private final byte[] keyA = TokenCipher.newKey();
  private final byte[] keyB = TokenCipher.newKey();
  private final TokenCipher cipher = new TokenCipher(keyA, Optional.empty());

  @Test
  void roundTripsAndNeverShowsThePlaintext() {
    String blob = cipher.encrypt("BQ-secret-access-token", "asta:spotify:{alice}:tokens");
    assertThat(blob).doesNotContain("secret");
    assertThat(cipher.decrypt(blob, "asta:spotify:{alice}:tokens"))
        .isEqualTo("BQ-secret-access-token");
  }

  @Test
  void usesAFreshIvForEveryWrite() {
    String a = cipher.encrypt("same", "k");
    String b = cipher.encrypt("same", "k");
    assertThat(a).isNotEqualTo(b);
    byte[] ra = Base64.getDecoder().decode(a);
    byte[] rb = Base64.getDecoder().decode(b);
    assertThat(java.util.Arrays.copyOfRange(ra, 1, 13))
        .isNotEqualTo(java.util.Arrays.copyOfRange(rb, 1, 13));
  }

  @Test
  void refusesATamperedBlob() {
    byte[] raw = Base64.getDecoder().decode(cipher.encrypt("token", "k"));
    raw[raw.length - 5] ^= 1;
    String tampered = Base64.getEncoder().withoutPadding().encodeToString(raw);
    assertThatThrownBy(() -> cipher.decrypt(tampered, "k"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
  }

  @Test
  void refusesABlobMovedToAnotherUsersKey() {
    String blob = cipher.encrypt("alice's token", "asta:spotify:{alice}:tokens");
    assertThatThrownBy(() -> cipher.decrypt(blob, "asta:spotify:{mallory}:tokens"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
  }

  @Test
  void refusesABlobWrittenWithAnotherKey() {
    String blob = new TokenCipher(keyB, Optional.empty()).encrypt("token", "k");
    assertThatThrownBy(() -> cipher.decrypt(blob, "k"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
  }

  @Test
  void rotationDecryptsOldBlobsAndEncryptsWithTheNewKey() {
    String old = cipher.encrypt("written before rotation", "k");
    TokenCipher rotated = new TokenCipher(keyB, Optional.of(keyA));
    assertThat(rotated.decrypt(old, "k")).isEqualTo("written before rotation");
    assertThat(rotated.isStale(old)).isTrue();

    String fresh = rotated.encrypt("written after rotation", "k");
    assertThat(rotated.isStale(fresh)).isFalse();
    // The new blob is the new key's: the old key alone cannot read it.
    assertThatThrownBy(() -> cipher.decrypt(fresh, "k"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
    // After the rotation is finished (previous key dropped), new blobs still read.
    assertThat(new TokenCipher(keyB, Optional.empty()).decrypt(fresh, "k"))
        .isEqualTo("written after rotation");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> cipher.decrypt("not base64 !!", "k"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
    assertThatThrownBy(() -> cipher.decrypt("AAAA", "k"))
        .isInstanceOf(TokenCipher.DecryptionException.class);
  }

  @Test
  void keysMustBe32BytesOfBase64() {
    assertThatThrownBy(
            () -> TokenCipher.decodeKey("K", Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> TokenCipher.decodeKey("K", "%%%")).hasMessageContaining("base64");
    assertThat(TokenCipher.decodeKey("K", Base64.getEncoder().encodeToString(keyA)))
        .isEqualTo(keyA);
  }
}
