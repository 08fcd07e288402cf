package io.runnel.broker.admin;

import io.runnel.common.config.ConfigType;

/** Our config value types as DescribeConfigs v3+ reports them (its ConfigType codes). Stateless. */
public final class ConfigTypes {
    private ConfigTypes() {
    }

    public static byte code(ConfigType type) {
        switch (type) {
            case BOOLEAN:
                return 1;
            case STRING:
                return 2;
            case INT:
                return 3;
            case LONG:
                return 5;
            case DOUBLE:
                return 6;
            case LIST:
                return 7;
            default:
                return 0;
        }
    }
}
