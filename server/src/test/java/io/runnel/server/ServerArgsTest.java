package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerArgsTest {

    @Test
    void shouldReadThePlainFormsWithoutPicocli() {
        ServerArgs.Parsed parsed = ServerArgs.parsePlain(new String[] {"--config", "b.properties",
                "--override", "log.dirs=/d", "--override=listeners=PLAINTEXT://127.0.0.1:0", "--override", "x=-1"});
        assertThat(parsed.configFile()).isEqualTo(Path.of("b.properties"));
        assertThat(parsed.overrides()).containsExactly("log.dirs=/d", "listeners=PLAINTEXT://127.0.0.1:0", "x=-1");
        assertThat(ServerArgs.parsePlain(new String[0])).isEqualTo(new ServerArgs.Parsed(null, List.of()));
        assertThat(ServerArgs.parsePlain(new String[] {"--config=c"}).configFile()).isEqualTo(Path.of("c"));
    }

    @Test
    void shouldLeaveHelpVersionAndBadUsageToPicocli() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"-V"},
                new String[] {"--override", "a=b", "--help"}, new String[] {"--config"},
                new String[] {"--config", "a", "--config", "b"}, new String[] {"--no-such-option", "x"},
                new String[] {"extra"}, new String[] {"@args.txt"}, new String[] {"--override", "@x"},
                new String[] {"--", "--config", "a"}, new String[] {"--config", "--override"},
                new String[] {"--override="}, new String[] {"--config", "a\0b"})) {
            assertThat(ServerArgs.parsePlain(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void shouldExitAsPicocliDoesOnThePlainPath(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(ServerCommand.run(new ServerArgs.Parsed(null, List.of("no.such.key=1")), errStream)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("runnel: ").contains("no.such.key");
        assertThat(ServerCommand.run(new ServerArgs.Parsed(dir.resolve("missing.properties"), List.of()), errStream))
                .isEqualTo(2);

        // A broker that cannot start (its data directory is a file): exit code 1 and the stack trace.
        Path notADirectory = Files.createFile(dir.resolve("not-a-directory"));
        err.reset();
        assertThat(ServerCommand.run(new ServerArgs.Parsed(null, List.of("log.dirs=" + notADirectory,
                "listeners=PLAINTEXT://127.0.0.1:0")), errStream)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not-a-directory");
    }

    /** Whatever the plain reader accepts, picocli reads the same way and neither asks for help nor fails. */
    @Property(tries = 500)
    void shouldReadWhatItAcceptsAsPicocliDoes(@ForAll("arguments") List<String> args) {
        ServerArgs.Parsed plain = ServerArgs.parsePlain(args.toArray(String[]::new));
        if (plain == null) {
            return;
        }
        ServerCommand command = new ServerCommand(new PrintStream(PrintStream.nullOutputStream()));
        CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(new StringWriter()));
        CommandLine.ParseResult result = cl.parseArgs(args.toArray(String[]::new));
        assertThat(result.isUsageHelpRequested() || result.isVersionHelpRequested()).isFalse();
        assertThat(command.configFile).isEqualTo(plain.configFile());
        assertThat(command.overrides).isEqualTo(plain.overrides());
    }

    @Provide
    Arbitrary<List<String>> arguments() {
        return Arbitraries.of("--config", "--override", "--config=a.properties", "--override=k=v", "k=v", "x=-1",
                        "b.properties", "-h", "--help", "-V", "--", "@f", "", "--override=", "--config=", "-x", "=v",
                        "--overrid", "k==v")
                .list().ofMaxSize(8);
    }
}
