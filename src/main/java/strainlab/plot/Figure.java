package strainlab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several charts laid out row by row, {@code columns} per row, each in a cell the size of the largest chart: a
 * multi-panel figure that can be painted on any {@link Graphics2D}, so that it is written as PNG at any resolution or
 * as SVG/PDF with vector lines and text ({@link Charts#save(Figure, java.nio.file.Path, int)}).
 *
 * @param columns panels per row (at least 1)
 * @param panels the charts, in reading order (at least one)
 */
public record Figure(int columns, List<? extends Chart<?, ?>> panels) {
    public Figure {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("panels: a figure needs at least one chart");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns: must be >= 1, got " + columns);
        }
        panels = List.copyOf(panels);
    }

    /** A one-panel figure. */
    public static Figure of(Chart<?, ?> chart) {
        return new Figure(1, List.of(chart));
    }

    /** Width of one cell in pixels at 72 dpi. */
    public int cellWidth() {
        return panels.stream().mapToInt(Chart::getWidth).max().orElseThrow();
    }

    /** Height of one cell in pixels at 72 dpi. */
    public int cellHeight() {
        return panels.stream().mapToInt(Chart::getHeight).max().orElseThrow();
    }

    /** Columns actually used (no more than the panels). */
    public int usedColumns() {
        return Math.min(columns, panels.size());
    }

    /** Rows of panels. */
    public int rows() {
        return (panels.size() + usedColumns() - 1) / usedColumns();
    }

    /** Width in pixels at 72 dpi. */
    public int width() {
        return usedColumns() * cellWidth();
    }

    /** Height in pixels at 72 dpi. */
    public int height() {
        return rows() * cellHeight();
    }

    /** Paints the white background and every panel in its cell, in the graphics' current user space. */
    public void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        int cols = usedColumns();
        for (int i = 0; i < panels.size(); i++) {
            Chart<?, ?> c = panels.get(i);
            Graphics2D cell = (Graphics2D) g.create((i % cols) * cellWidth(), (i / cols) * cellHeight(), c.getWidth(),
                    c.getHeight());
            try {
                Charts.prepare(c).paint(cell, c.getWidth(), c.getHeight());
            } finally {
                cell.dispose();
            }
        }
    }

    /** The figure as an image at 72 dpi (the charts' own pixel sizes). */
    public BufferedImage image() {
        return image(Charts.SCREEN_DPI);
    }

    /** The figure as an image at {@code dpi}: {@code dpi/72} pixels per chart pixel. */
    public BufferedImage image(int dpi) {
        double scale = Charts.scale(dpi);
        BufferedImage img = new BufferedImage((int) Math.ceil(width() * scale), (int) Math.ceil(height() * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }
}
