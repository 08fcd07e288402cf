package io.runnel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceUrlTest {

    @Test
    void shouldParseOneOrSeveralHosts() throws Exception {
        assertThat(ServiceUrl.parse("runnel://localhost:9092").bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(ServiceUrl.parse("runnel://h1:9092,h2:9093").hostPorts()).containsExactly("h1:9092", "h2:9093");
        assertThat(ServiceUrl.parse(" runnel://h1, h2:1/ ").bootstrapServers()).isEqualTo("h1:9092,h2:1");
        assertThat(ServiceUrl.parse("runnel://[::1]:9000").bootstrapServers()).isEqualTo("[::1]:9000");
        assertThat(ServiceUrl.parse("runnel://10.0.0.1").toString()).isEqualTo("runnel://10.0.0.1:9092");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost:9092|no scheme",
        "pulsar://localhost:6650|scheme 'pulsar' is not supported",
        "runnel://|no host",
        "runnel://h1:9092,|empty host",
        "runnel://h1:abc|port 'abc'",
        "runnel://h1:70000|outside 1..65535",
        "runnel://h1:0|outside 1..65535",
        "runnel://h1:9092/path|path",
        "runnel://h_1 x:1|not a valid host",
        "runnel://a:1:2|several ':'",
    })
    void shouldRejectMalformedUrlsWithTheReason(String url, String reason) {
        assertThatThrownBy(() -> ServiceUrl.parse(url))
                .isInstanceOf(RunnelClientException.InvalidConfigurationException.class)
                .hasMessageContaining("invalid service URL '" + url + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void shouldRequireAServiceUrl() {
        assertThatThrownBy(() -> RunnelClient.builder().build())
                .isInstanceOf(RunnelClientException.InvalidConfigurationException.class)
                .hasMessageContaining("serviceUrl is required");
        assertThatThrownBy(() -> ServiceUrl.parse("  ")).hasMessageContaining("empty");
    }
}
