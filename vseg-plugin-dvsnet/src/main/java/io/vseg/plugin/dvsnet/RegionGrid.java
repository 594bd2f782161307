package io.vseg.plugin.dvsnet;

/** The {@code regions} setting: {@code COLUMNSxROWS}, such as {@code 2x2}. */
final class RegionGrid {
    private RegionGrid() {
    }

    /** {columns, rows}. */
    static int[] parse(String value) {
        String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int c = Integer.parseInt(parts[0].trim());
                int r = Integer.parseInt(parts[1].trim());
                if (c > 0 && r > 0) {
                    return new int[] {c, r};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("regions: COLUMNSxROWS with positive numbers, such as 2x2, got '" + value + "'");
    }
}
