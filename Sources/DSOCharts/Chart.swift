import DSOModel

/// A report's picture, drawn as SVG by ``svg(width:)``: one panel per currency (amounts in
/// different currencies are never drawn on one axis), bars or lines over labelled categories.
/// `dso report NAME --svg FILE` and `dso-server report NAME --svg FILE` write it; the credit
/// team's console shows the same drawing.
public struct Chart: Hashable, Sendable {
    public var title: String
    public var panels: [Panel]

    public init(title: String, panels: [Panel]) {
        self.title = title
        self.panels = panels
    }

    /// One axis: categories along x, one or more series of values.
    public struct Panel: Hashable, Sendable {
        public enum Style: Hashable, Sendable {
            /// Series side by side in each category.
            case bars
            /// Series piled up in each category (their sum is the bar's height).
            case stackedBars
            /// One line per series; a missing value breaks the line.
            case lines
        }

        /// How values read: the axis labels and the tooltips.
        public enum Unit: Hashable, Sendable {
            /// Minor units of a currency.
            case money(CurrencyCode)
            case percent
            case days
            case count
        }

        public var title: String
        public var style: Style
        public var unit: Unit
        public var categories: [String]
        public var series: [Series]
        /// One colour per category (a single series' bars: the aging buckets).
        public var categoryColors: [String]?

        public init(title: String, style: Style, unit: Unit, categories: [String], series: [Series], categoryColors: [String]? = nil) {
            self.title = title
            self.style = style
            self.unit = unit
            self.categories = categories
            self.series = series
            self.categoryColors = categoryColors
        }
    }

    public struct Series: Hashable, Sendable {
        public var name: String
        /// One per category; `nil` where there is no figure.
        public var values: [Double?]
        public var color: String

        public init(name: String, values: [Double?], color: String) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    /// Colours that read apart on white and in print.
    public enum Palette {
        public static let blue = "#2563eb", amber = "#d97706", red = "#dc2626", violet = "#7c3aed", green = "#059669",
                          slate = "#64748b", orange = "#ea580c", darkRed = "#7f1d1d", yellow = "#ca8a04"
        public static let series = [blue, amber, red, violet, green, slate]
        /// Not due, 1-30, 31-60, 61-90, 91+.
        public static let aging = [green, yellow, orange, red, darkRed]
    }
}

/// A report that has a chart.
public protocol ChartableReport {
    var chart: Chart { get }
}
