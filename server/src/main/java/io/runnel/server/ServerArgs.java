package io.runnel.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up path's reader of {@code runnel server} arguments: takes only the plain forms a broker is started
 * with ({@code --config FILE}, {@code --config=FILE}, {@code --override KEY=VALUE}, {@code --override=KEY=VALUE},
 * each value not starting with {@code -} or {@code @}, {@code --config} at most once) and leaves everything else
 * (help, version, unknown or repeated options, missing values, {@code @argfiles}, {@code --}) to picocli, which
 * answers with its usual text and exit code. picocli builds its model of a command by reflection and its classes
 * are parsed and verified at every start (the class-data archive does not take them); that was the largest cost
 * left before the broker's own start (docs/decisions/0044-start-to-listening.md). The picocli definition on
 * {@link ServerCommand} stays the one source of the options and help text; ServerArgsTest checks that whatever
 * this reader accepts, picocli reads the same way. Stateless.
 */
final class ServerArgs {
    static final String CONFIG = "--config";
    static final String OVERRIDE = "--override";

    private ServerArgs() {
    }

    /** What the arguments set, or null when they are not in the plain forms above and picocli must read them. */
    static Parsed parsePlain(String[] args) {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg;
                if (i + 1 >= args.length) {
                    return null;
                }
                value = args[++i];
            }
            if (!plainValue(value)) {
                return null;
            }
            if (name.equals(CONFIG)) {
                if (configFile != null) {
                    return null;
                }
                try {
                    configFile = Path.of(value);
                } catch (InvalidPathException e) {
                    return null;
                }
            } else if (name.equals(OVERRIDE)) {
                overrides.add(value);
            } else {
                return null;
            }
        }
        return new Parsed(configFile, List.copyOf(overrides));
    }

    /** picocli would read these differently: as an option name, an {@code @argfile}, or the empty path. */
    private static boolean plainValue(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }

    /** @param configFile null when not given */
    record Parsed(Path configFile, List<String> overrides) {
    }
}
