package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstRequestPreloaderTest {

    @Test
    void shouldPreloadOnADaemonThreadThatEndsByItself() throws InterruptedException {
        Thread preload = FirstRequestPreloader.start();
        assertThat(preload.isDaemon()).isTrue();
        assertThat(preload.getName()).isEqualTo("runnel-preload");
        preload.join(60_000);
        assertThat(preload.isAlive()).isFalse();
    }
}
