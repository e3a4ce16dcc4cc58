package ai.asta.spotify.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitGateTest {
  @Test
  void boundsWhatSpotifyAsks() {
    assertThat(RateLimitGate.boundedSeconds("2")).isEqualTo(2);
    assertThat(RateLimitGate.boundedSeconds(" 7 ")).isEqualTo(7);
    assertThat(RateLimitGate.boundedSeconds(null)).isEqualTo(RateLimitGate.DEFAULT_WAIT_S);
    assertThat(RateLimitGate.boundedSeconds("")).isEqualTo(RateLimitGate.DEFAULT_WAIT_S);
    assertThat(RateLimitGate.boundedSeconds("soon")).isEqualTo(RateLimitGate.DEFAULT_WAIT_S);
    assertThat(RateLimitGate.boundedSeconds("0")).isEqualTo(1);
    assertThat(RateLimitGate.boundedSeconds("-5")).isEqualTo(1);
    assertThat(RateLimitGate.boundedSeconds("86400")).isEqualTo(RateLimitGate.MAX_WAIT_S);
  }
}
